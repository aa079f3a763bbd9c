// The public API enumerated from the package itself: every function and class exported by "simdgrad" and its
// namespaces (F, nn, nn.init, nn.utils, optim, optim.lrScheduler, data, io), and the public Tensor methods and setters.
import * as api from "simdgrad";

/** One entry point: its qualified names ("relu" and "F.relu" name one function) and whether it is a class. */
export interface ApiEntry {
  names: string[];
  kind: "function" | "class" | "method";
}

/** Tensor members documented as internal (`@internal`) or private: handles for the library's own layers. */
export const INTERNAL_TENSOR_MEMBERS = ["constructor", "alias", "storage", "isLive", "watch", "escape", "ptr", "stridedView", "read"];

const isClass = (f: unknown) => typeof f === "function" && /^class\b/.test(Function.prototype.toString.call(f));

/** Every exported function and class (one entry per distinct object, with all its names) and Tensor's public methods. */
export function publicApi(): ApiEntry[] {
  const byValue = new Map<unknown, ApiEntry>();
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const key of Object.keys(obj).sort()) {
      const v = obj[key];
      const name = prefix + key;
      if (typeof v === "function") {
        const entry = byValue.get(v) ?? { names: [], kind: isClass(v) ? "class" : "function" };
        entry.names.push(name);
        byValue.set(v, entry);
      } else if (typeof v === "object" && v !== null && !Array.isArray(v)) {
        walk(v as Record<string, unknown>, `${name}.`);
      }
    }
  };
  walk(api as unknown as Record<string, unknown>, "");
  const entries = [...byValue.values()];
  const proto = api.Tensor.prototype;
  for (const key of Object.getOwnPropertyNames(proto).sort()) {
    if (INTERNAL_TENSOR_MEMBERS.includes(key)) continue;
    const d = Object.getOwnPropertyDescriptor(proto, key)!;
    // read-only getters (shape-like properties) take no input; setters (grad, requiresGrad) and methods do
    if (d.get && !d.set) continue;
    entries.push({ names: [`Tensor.${key}`], kind: "method" });
  }
  return entries;
}

/** The API entry a row name refers to: the text before its first ": ". */
export const rowKey = (rowName: string) => rowName.split(": ")[0];

/**
 * Whether a row key names this entry: one of its qualified names, its bare name (the last segment, for names used
 * unqualified such as "crossEntropy" or "Linear"), or a member of it ("Adam.loadStateDict", "nn.Module.train").
 */
export function covers(key: string, entry: ApiEntry): boolean {
  return entry.names.some((n) => {
    const bare = n.slice(n.lastIndexOf(".") + 1);
    return [n, bare].some((name) => key === name || key.startsWith(`${name}.`));
  });
}
