// Two classic convolutional building blocks as modules: ResNet's basic block (identity shortcut) and an Inception block
// (GoogLeNet's four parallel branches concatenated along channels). Property names follow torchvision's, so their
// state-dict keys read as PyTorch's do (conv1, bn1, …, branch1.0.weight).
import { type Tensor, cat, nn, scope } from "simdgrad";

/**
 * y = ReLU(BN₂(conv₂(ReLU(BN₁(conv₁(x))))) + x): ResNet's basic block with an identity shortcut (He et al. 2016), both
 * convolutions 3×3, padding 1, stride 1 and without bias (the norms shift). Input and output are [N, channels, H, W].
 */
export class ResidualBlock extends nn.Module {
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  conv2: nn.Conv2d;
  bn2: nn.BatchNorm2d;

  constructor(readonly channels: number) {
    super();
    this.conv1 = new nn.Conv2d(channels, channels, 3, { padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(channels);
    this.conv2 = new nn.Conv2d(channels, channels, 3, { padding: 1, bias: false });
    this.bn2 = new nn.BatchNorm2d(channels);
  }

  /** The intermediates are freed inside scope() (what backward needs is saved by the ops). */
  forward(x: Tensor): Tensor {
    return scope(() => {
      const h = this.bn1.forward(this.conv1.forward(x)).relu();
      return this.bn2.forward(this.conv2.forward(h)).add(x).relu();
    });
  }

  extraRepr(): string {
    return `channels=${this.channels}`;
  }
}

/** Output channels of each branch of an InceptionBlock (and the 1×1 reductions in front of the 3×3 and 5×5). */
export interface InceptionChannels {
  /** Branch 1: 1×1 convolution. */
  c1: number;
  /** Branch 2: 1×1 reduction to c3Reduce channels, then 3×3 to c3. */
  c3Reduce: number;
  c3: number;
  /** Branch 3: 1×1 reduction to c5Reduce channels, then 5×5 to c5. */
  c5Reduce: number;
  c5: number;
  /** Branch 4: 3×3 max pooling (stride 1, padding 1), then a 1×1 projection to poolProj channels. */
  poolProj: number;
}

/** Conv2d → ReLU (GoogLeNet's unit; padding keeps H and W). */
const convRelu = (cin: number, cout: number, k: number) => [new nn.Conv2d(cin, cout, k, { padding: (k - 1) / 2 }), new nn.ReLU()];

/**
 * y = cat([b₁(x), b₂(x), b₃(x), b₄(x)], channels): the Inception module of GoogLeNet (Szegedy et al. 2015), each branch
 * convolutions with ReLUs that keep H and W: b₁ = 1×1; b₂ = 1×1 → 3×3; b₃ = 1×1 → 5×5; b₄ = maxpool 3×3 (stride 1,
 * padding 1) → 1×1. [N, inChannels, H, W] → [N, c1 + c3 + c5 + poolProj, H, W].
 */
export class InceptionBlock extends nn.Module {
  branch1: nn.Sequential;
  branch2: nn.Sequential;
  branch3: nn.Sequential;
  branch4: nn.Sequential;
  readonly outChannels: number;

  constructor(readonly inChannels: number, c: InceptionChannels) {
    super();
    this.branch1 = new nn.Sequential(...convRelu(inChannels, c.c1, 1));
    this.branch2 = new nn.Sequential(...convRelu(inChannels, c.c3Reduce, 1), ...convRelu(c.c3Reduce, c.c3, 3));
    this.branch3 = new nn.Sequential(...convRelu(inChannels, c.c5Reduce, 1), ...convRelu(c.c5Reduce, c.c5, 5));
    this.branch4 = new nn.Sequential(new nn.MaxPool2d(3, { stride: 1, padding: 1 }), ...convRelu(inChannels, c.poolProj, 1));
    this.outChannels = c.c1 + c.c3 + c.c5 + c.poolProj;
  }

  forward(x: Tensor): Tensor {
    return scope(() => cat([this.branch1, this.branch2, this.branch3, this.branch4].map((b) => b.forward(x)), 1));
  }

  extraRepr(): string {
    return `inChannels=${this.inChannels}, outChannels=${this.outChannels}`;
  }
}
