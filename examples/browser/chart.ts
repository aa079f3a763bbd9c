// A small line chart on a canvas (no chart library): axes, grid, tick labels, legend, lines and markers.

export interface Series {
  name: string;
  color: string;
  /** Draw a marker at each point (for sparse series such as per-epoch values). */
  markers?: boolean;
}

export interface ChartOptions {
  title: string;
  series: Series[];
  /** Fixed y range; default from 0 to the largest value (with headroom). */
  yMin?: number;
  yMax?: number;
  /** Formats y tick labels. */
  format?: (v: number) => string;
}

export class LineChart {
  private readonly points: [number, number][][];
  private xMax = 1;
  private dirty = true;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly options: ChartOptions) {
    this.points = options.series.map(() => []);
  }

  /** Starts over with x running from 0 to xMax. */
  reset(xMax: number): void {
    for (const p of this.points) p.length = 0;
    this.xMax = Math.max(xMax, 1e-9);
    this.dirty = true;
  }

  add(series: number, x: number, y: number): void {
    this.points[series].push([x, y]);
    this.dirty = true;
  }

  /** Redraws if anything changed since the last draw (call it from requestAnimationFrame). */
  draw(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const c = this.canvas, dpr = globalThis.devicePixelRatio || 1;
    const w = c.clientWidth || 480, h = c.clientHeight || 220;
    if (c.width !== Math.round(w * dpr)) [c.width, c.height] = [Math.round(w * dpr), Math.round(h * dpr)];
    const g = c.getContext("2d")!;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    const { series, format = (v: number) => v.toFixed(2) } = this.options;
    const all = this.points.flat().map((p) => p[1]).filter(Number.isFinite);
    const yMin = this.options.yMin ?? 0;
    const yMax = this.options.yMax ?? niceCeil(Math.max(yMin + 1e-6, ...all) * 1.05);
    const left = 44, right = w - 10, top = 26, bottom = h - 24;
    const px = (x: number) => left + (x / this.xMax) * (right - left);
    const py = (y: number) => bottom - ((y - yMin) / (yMax - yMin)) * (bottom - top);

    g.font = "12px system-ui, sans-serif";
    g.fillStyle = "#1f2937";
    g.textBaseline = "alphabetic";
    g.fillText(this.options.title, left, 15);
    // grid and y ticks
    g.strokeStyle = "#e5e7eb";
    g.fillStyle = "#6b7280";
    g.lineWidth = 1;
    const span = yMax - yMin, mantissa = span / 10 ** Math.floor(Math.log10(span));
    const ticks = Math.abs(mantissa - 2) < 1e-9 ? 4 : 5; // steps of 0.5 or 0.2 × a power of ten
    for (let i = 0; i <= ticks; i++) {
      const v = yMin + ((yMax - yMin) * i) / ticks, y = py(v);
      g.beginPath();
      g.moveTo(left, y);
      g.lineTo(right, y);
      g.stroke();
      g.textAlign = "right";
      g.fillText(format(v), left - 6, y + 4);
    }
    // x ticks: epochs
    g.textAlign = "center";
    const step = Math.max(1, Math.ceil(this.xMax / 10));
    for (let e = 0; e <= this.xMax + 1e-9; e += step) g.fillText(String(e), px(e), bottom + 16);
    g.strokeStyle = "#9ca3af";
    g.beginPath();
    g.moveTo(left, top);
    g.lineTo(left, bottom);
    g.lineTo(right, bottom);
    g.stroke();
    // series
    series.forEach((s, k) => {
      const pts = this.points[k];
      g.strokeStyle = g.fillStyle = s.color;
      g.lineWidth = 1.5;
      g.beginPath();
      pts.forEach(([x, y], i) => (i === 0 ? g.moveTo(px(x), py(y)) : g.lineTo(px(x), py(y))));
      g.stroke();
      if (s.markers) for (const [x, y] of pts) g.fillRect(px(x) - 3, py(y) - 3, 6, 6);
    });
    // legend
    g.textAlign = "left";
    let lx = right;
    for (const s of [...series].reverse()) {
      lx -= g.measureText(s.name).width + 22;
      g.fillStyle = s.color;
      g.fillRect(lx, 6, 10, 10);
      g.fillStyle = "#374151";
      g.fillText(s.name, lx + 14, 15);
    }
  }
}

/** The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ v (for round axis ends and ticks). */
function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((x) => x >= v) as number;
}
