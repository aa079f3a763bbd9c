// A dependency-free terminal progress bar (bar, step/total, loss, metrics, items/s, ETA) redrawn in place with "\r".
// Platform-neutral: it only calls the write(s) function it is given; terminalWriter() finds Node's or Deno's stdout.

export interface ProgressOptions {
  /** Where text goes, e.g. `(s) => process.stdout.write(s)`. */
  write: (s: string) => void;
  /** Text before the bar, e.g. "epoch 1/5". */
  label?: string;
  /** Bar width in characters (default 24). */
  width?: number;
  /** Unit for the rate, e.g. "img" → "2210 img/s" (default "it"). */
  unit?: string;
  /** Redraw in place while running (default true); false draws only the final line (for logs and pipes). */
  live?: boolean;
  /** Minimum milliseconds between redraws (default 100); the last step always draws. */
  minIntervalMs?: number;
  /** Clock in milliseconds (default performance.now); tests pass a fake one. */
  now?: () => number;
}

/** `m:ss` (or `h:mm:ss`) for a duration in seconds. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "-:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? h + ":" : ""}${mm}:${String(r).padStart(2, "0")}`;
}

/**
 * A progress bar over `total` steps. Call `update(step, { loss, items })` after each step (step counts from 1,
 * items is the cumulative number of items processed, for the rate) and `finish()` at the end, which draws the final
 * state and ends the line. Rate = items / elapsed; ETA = elapsed · (total − step) / step.
 *
 * @example
 * const bar = new ProgressBar(157, { write: (s) => process.stdout.write(s), label: "epoch 1/5", unit: "img" });
 * for (let i = 1; i <= 157; i++) bar.update(i, { loss: 0.42, items: i * 64 });
 * bar.finish(); // epoch 1/5 [████████████████████████] 157/157 loss 0.4200 2210 img/s 0:04
 */
export class ProgressBar {
  private readonly write: (s: string) => void;
  private readonly label: string;
  private readonly width: number;
  private readonly unit: string;
  private readonly live: boolean;
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private readonly start: number;
  private lastDraw = -Infinity;
  private lastLength = 0;
  private step = 0;
  private loss: number | undefined;
  private metrics: Record<string, number> = {};
  private items = 0;
  private finished = false;

  constructor(readonly total: number, options: ProgressOptions) {
    if (!Number.isInteger(total) || total < 0) throw new RangeError(`ProgressBar: total must be a non-negative integer, got ${total}`);
    if (typeof options?.write !== "function") throw new TypeError("ProgressBar: options.write must be a function");
    this.write = options.write;
    this.label = options.label ?? "";
    this.width = options.width ?? 24;
    this.unit = options.unit ?? "it";
    this.live = options.live ?? true;
    this.minIntervalMs = options.minIntervalMs ?? 100;
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
  }

  /**
   * Records progress and redraws if enough time has passed (or this is the last step). `metrics` (name → value) are
   * shown after the loss and replace the previous ones.
   */
  update(step: number, info: { loss?: number; items?: number; metrics?: Record<string, number> } = {}): void {
    this.step = Math.min(step, this.total);
    if (info.loss !== undefined) this.loss = info.loss;
    if (info.metrics !== undefined) this.metrics = info.metrics;
    this.items = info.items ?? this.step;
    if (!this.live) return;
    const t = this.now();
    if (t - this.lastDraw < this.minIntervalMs && this.step < this.total) return;
    this.lastDraw = t;
    this.draw("\r");
  }

  /** Draws the final line and ends it with a newline; the bar is done. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.draw(this.live ? "\r" : "");
    this.write("\n");
  }

  /** Seconds since the bar was created. */
  elapsed(): number {
    return (this.now() - this.start) / 1000;
  }

  /** The current line, without control characters. */
  render(): string {
    const elapsed = this.elapsed();
    const frac = this.total === 0 ? 1 : this.step / this.total;
    const full = Math.round(frac * this.width);
    const bar = "█".repeat(full) + "░".repeat(this.width - full);
    const digits = String(this.total).length;
    const parts = [this.label, `[${bar}]`, `${String(this.step).padStart(digits)}/${this.total}`].filter(Boolean);
    if (this.loss !== undefined) parts.push(`loss ${this.loss.toFixed(4)}`);
    for (const [name, v] of Object.entries(this.metrics)) parts.push(`${name} ${v.toFixed(4)}`);
    if (elapsed > 0 && this.items > 0) parts.push(`${Math.round(this.items / elapsed)} ${this.unit}/s`);
    const done = this.step >= this.total;
    const eta = this.step > 0 ? (elapsed * (this.total - this.step)) / this.step : NaN;
    parts.push(done ? formatDuration(elapsed) : `ETA ${formatDuration(eta)}`);
    return parts.join(" ");
  }

  private draw(prefix: string): void {
    const line = this.render();
    // pad over the previous line's leftovers instead of relying on ANSI erase codes
    const pad = Math.max(0, this.lastLength - line.length);
    this.lastLength = line.length;
    this.write(prefix + line + " ".repeat(pad));
  }
}

/** Where terminal text goes: a write function and whether it is a terminal (redraw in place) or a pipe or log. */
export interface TerminalWriter {
  write: (s: string) => void;
  isTerminal: boolean;
}

/**
 * Deno's or Node's standard output, or null where there is none (browsers, web workers). Looked up on globalThis, so
 * the library imports nothing platform-specific.
 */
export function terminalWriter(): TerminalWriter | null {
  const g = globalThis as { Deno?: any; process?: any };
  const out = g.Deno?.stdout;
  if (typeof out?.writeSync === "function") {
    const encoder = new TextEncoder();
    return {
      write: (s) => {
        const bytes = encoder.encode(s);
        for (let at = 0; at < bytes.length;) at += out.writeSync(bytes.subarray(at)) as number;
      },
      isTerminal: typeof out.isTerminal === "function" && out.isTerminal() === true,
    };
  }
  const stdout = g.process?.stdout;
  if (typeof stdout?.write === "function") return { write: (s) => void stdout.write(s), isTerminal: stdout.isTTY === true };
  return null;
}
