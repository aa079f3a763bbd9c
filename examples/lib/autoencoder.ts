// A convolutional autoencoder for 28×28 grey images (examples/conv-autoencoder.ts and its test): strided convolutions
// down to a small code, transposed convolutions (or nearest upsampling + convolutions) back up, pixels in [0, 1].
import { type Tensor, nn } from "simdgrad";

export type Decoder = "transpose" | "upsample";

export interface AutoencoderOptions {
  /** Channels of the 7×7 code (default 4: 196 numbers for 784 pixels). */
  latent?: number;
  /** Up-sampling: ConvTranspose2d with stride 2 (default), or nearest Upsample ×2 followed by a 3×3 Conv2d. */
  decoder?: Decoder;
}

/**
 * encoder: conv 16@3×3 stride 2 → ReLU → conv latent@3×3 stride 2   ([N, 1, 28, 28] → [N, latent, 7, 7])
 * decoder: up to 16 channels at 14×14 → ReLU → up to 1 channel at 28×28 → sigmoid   (→ [N, 1, 28, 28] in (0, 1))
 * where "up" is ConvTranspose2d(3, stride 2, padding 1, outputPadding 1) or Upsample(×2, nearest) + Conv2d(3, padding 1).
 * The code is linear: a ReLU there left code channels dead and doubled the reconstruction error (measured: test MSE
 * 0.0152 against 0.0078 after 5 epochs on the shipped subset).
 */
export function makeAutoencoder(opts: AutoencoderOptions = {}): nn.Sequential {
  const latent = opts.latent ?? 4, decoder = opts.decoder ?? "transpose";
  if (decoder !== "transpose" && decoder !== "upsample") throw new RangeError(`makeAutoencoder: decoder must be "transpose" or "upsample", got ${String(decoder)}`);
  const up = (cin: number, cout: number): nn.Module[] =>
    decoder === "transpose"
      ? [new nn.ConvTranspose2d(cin, cout, 3, { stride: 2, padding: 1, outputPadding: 1 })]
      : [new nn.Upsample({ scaleFactor: 2, mode: "nearest" }), new nn.Conv2d(cin, cout, 3, { padding: 1 })];
  return new nn.Sequential(
    new nn.Conv2d(1, 16, 3, { stride: 2, padding: 1 }), new nn.ReLU(),
    new nn.Conv2d(16, latent, 3, { stride: 2, padding: 1 }),
    ...up(latent, 16), new nn.ReLU(),
    ...up(16, 1), new nn.Sigmoid(),
  );
}

/** Standardised pixels (x − mean) / std back to [0, 1]: x·std + mean, as [N, 1, 28, 28]. */
export function toUnitPixels(x: Tensor, mean: number, std: number): Tensor {
  return x.mul(std).add(mean).reshape([x.shape[0], 1, 28, 28]);
}
