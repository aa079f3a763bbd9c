// The examples' progress bar: rendering, rate and ETA with a fake clock, in-place redraws and throttling.
import { expect, test } from "vitest";
import { ProgressBar, formatDuration } from "../../examples/lib/progress";

function fake() {
  let t = 0;
  const out: string[] = [];
  return { out, now: () => t, advance: (ms: number) => (t += ms), write: (s: string) => void out.push(s) };
}

test("formatDuration", () => {
  expect([formatDuration(0), formatDuration(59.4), formatDuration(61), formatDuration(3725), formatDuration(NaN)]).toEqual(["0:00", "0:59", "1:01", "1:02:05", "-:--"]);
});

test("bar, step/total, loss, rate and ETA, redrawn with \\r and finished with a newline", () => {
  const c = fake();
  const bar = new ProgressBar(10, { write: c.write, now: c.now, label: "epoch 1/2", unit: "img", width: 10 });
  c.advance(2000);
  bar.update(4, { loss: 0.61234, items: 256 });
  expect(c.out).toEqual(["\repoch 1/2 [████░░░░░░]  4/10 loss 0.6123 128 img/s ETA 0:03"]);
  c.advance(50);
  bar.update(5, { loss: 0.5, items: 320 }); // within minIntervalMs: not drawn
  expect(c.out.length).toBe(1);
  c.advance(2950);
  bar.update(10, { loss: 0.25, items: 640 });
  // "0:05" is 4 characters shorter than "ETA 0:03": padded so the old text disappears
  expect(c.out[1]).toBe("\repoch 1/2 [██████████] 10/10 loss 0.2500 128 img/s 0:05    ");
  bar.finish();
  bar.finish();
  expect(c.out.slice(2)).toEqual(["\repoch 1/2 [██████████] 10/10 loss 0.2500 128 img/s 0:05", "\n"]);
});

test("a shorter line pads over the longer one before it; live: false draws only the final line", () => {
  const c = fake();
  const bar = new ProgressBar(2, { write: c.write, now: c.now, width: 4, minIntervalMs: 0 });
  c.advance(1000);
  bar.update(1, { loss: 123.456 });
  c.advance(1000);
  bar.update(2, { loss: 1 });
  expect(c.out[1].length - 1).toBe(c.out[0].length - 1);
  const q = fake();
  const quiet = new ProgressBar(3, { write: q.write, now: q.now, live: false, width: 3 });
  for (let i = 1; i <= 3; i++) quiet.update(i);
  expect(q.out).toEqual([]);
  quiet.finish();
  expect(q.out).toEqual(["[███] 3/3 0:00", "\n"]);
  expect(() => new ProgressBar(-1, { write: q.write })).toThrow(/total must be a non-negative integer, got -1/);
});
