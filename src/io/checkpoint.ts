// Training checkpoints: a model's state dict, an optimizer's state dict and metadata in one safetensors file.
import { checkNumber, checkOptions } from "../ops/args";
import type { OptimizerStateDict, ParamState } from "../optim/optimizer";
import { Tensor, describeValue } from "../tensor";
import { loadSafetensors, loadSafetensorsMetadata, saveSafetensors } from "./safetensors";

/** What saveCheckpoint writes; every part is optional. */
export interface Checkpoint {
  /** A model's stateDict(), stored under its own keys. */
  model?: Record<string, Tensor>;
  /** An optimizer's stateDict(). */
  optimizer?: OptimizerStateDict | null;
  /** Strings of your own (epoch, notes); keys starting with "optimizer." are reserved. */
  metadata?: Record<string, string>;
}

/** What loadCheckpoint reads: new tensors that the caller owns (or frees in a scope). */
export interface LoadedCheckpoint {
  model: Record<string, Tensor>;
  /** null when the file holds no optimizer state (e.g. a plain model file from PyTorch). */
  optimizer: OptimizerStateDict | null;
  metadata: Record<string, string>;
}

const PREFIX = "optimizer.";
const GROUPS = "optimizer.param_groups";
const NUMBERS = "optimizer.state";
const STATE_KEY = /^optimizer\.state\.(\d+)\.([^.]+)$/;

/**
 * One safetensors file holding a model, an optimizer and metadata: the model's tensors under their own keys, the
 * optimizer's state tensors as "optimizer.state.<i>.<name>", and as JSON metadata "optimizer.param_groups" (the
 * groups' hyper-parameters with parameter indices) and "optimizer.state" (per-parameter numbers such as step counts,
 * exact in JSON). Resuming from it continues training bit for bit.
 *
 * @example
 * const bytes = io.saveCheckpoint({ model: model.stateDict(), optimizer: opt.stateDict(), metadata: { epoch: "5" } });
 */
export function saveCheckpoint(checkpoint: Checkpoint): Uint8Array {
  const op = "saveCheckpoint";
  if (typeof checkpoint !== "object" || checkpoint === null) throw new TypeError(`${op}: expected { model?, optimizer?, metadata? }, got ${describeValue(checkpoint)}`);
  const { model = {}, optimizer = null, metadata = {} } = checkOptions(op, checkpoint, ["model", "optimizer", "metadata"]);
  for (const [what, v] of [["model", model], ["metadata", metadata]] as const) {
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new TypeError(`${op}: ${what} must be an object, got ${describeValue(v)}`);
    for (const key of Object.keys(v)) {
      if (key.startsWith(PREFIX)) throw new RangeError(`${op}: ${what} key ${JSON.stringify(key)} starts with "optimizer.", which checkpoints reserve for the optimizer`);
    }
  }
  const tensors: Record<string, Tensor> = { ...model };
  const meta: Record<string, string> = { ...metadata };
  if (optimizer !== null) {
    if (!isObject(optimizer) || !isObject(optimizer.state) || optimizer.state instanceof Map || !Array.isArray(optimizer.paramGroups)) {
      throw new TypeError(`${op}: optimizer must be { state, paramGroups } as Optimizer.stateDict() returns (not the optimizer itself), got ${describeValue(optimizer)}`);
    }
    checkGroups(op, "optimizer.paramGroups", optimizer.paramGroups);
    const numbers: Record<string, Record<string, number>> = {};
    for (const [i, entry] of Object.entries(optimizer.state)) {
      for (const [name, v] of Object.entries(entry)) {
        if (v instanceof Tensor) tensors[`${PREFIX}state.${i}.${name}`] = v;
        else (numbers[i] ??= {})[name] = checkNumber(op, `optimizer.state[${i}].${name}`, v, Number.isFinite, "a Tensor or a finite number");
      }
    }
    meta[GROUPS] = JSON.stringify(optimizer.paramGroups);
    meta[NUMBERS] = JSON.stringify(numbers);
  }
  return saveSafetensors(tensors, meta);
}

/**
 * Reads a checkpoint written by saveCheckpoint (or any safetensors file: then everything is the model). The tensors are
 * new and owned by the caller; load them inside scope() so they are freed once copied:
 *
 * @example
 * scope(() => {
 *   const ckpt = io.loadCheckpoint(bytes);
 *   model.loadStateDict(ckpt.model);
 *   opt.loadStateDict(ckpt.optimizer!);
 * });
 */
export function loadCheckpoint(bytes: Uint8Array | ArrayBuffer): LoadedCheckpoint {
  const op = "loadCheckpoint";
  const meta = loadSafetensorsMetadata(bytes);
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta)) if (!k.startsWith(PREFIX)) metadata[k] = v;
  const groups = GROUPS in meta ? parseGroups(op, meta[GROUPS]) : null;
  const numbers = groups !== null ? parseNumbers(op, meta[NUMBERS] ?? "{}") : {};
  const all = loadSafetensors(bytes);
  try {
    const model: Record<string, Tensor> = {};
    const state: Record<string, ParamState> = {};
    for (const [i, nums] of Object.entries(numbers)) state[i] = { ...nums };
    for (const [key, t] of Object.entries(all)) {
      if (!key.startsWith(PREFIX)) {
        model[key] = t;
        continue;
      }
      const m = STATE_KEY.exec(key);
      if (m === null || groups === null) {
        throw new RangeError(`${op}: tensor ${JSON.stringify(key)} is not optimizer.state.<i>.<name> of a checkpoint with ${GROUPS} metadata`);
      }
      (state[m[1]] ??= {})[m[2]] = t;
    }
    return { model, optimizer: groups === null ? null : { state, paramGroups: groups }, metadata };
  } catch (e) {
    for (const t of Object.values(all)) t.dispose();
    throw e;
  }
}

function parseJson(op: string, key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TypeError(`${op}: metadata ${key} is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Parameter groups: an array of objects, each with params = an array of parameter indices. */
function checkGroups(op: string, what: string, groups: unknown): OptimizerStateDict["paramGroups"] {
  if (!Array.isArray(groups)) throw new TypeError(`${op}: ${what} must be a JSON array of parameter groups, got ${describeValue(groups)}`);
  groups.forEach((g, gi) => {
    if (!isObject(g) || !Array.isArray(g.params) || !g.params.every((i) => Number.isInteger(i) && i >= 0)) {
      throw new TypeError(`${op}: ${what}[${gi}] must be an object whose params is an array of parameter indices, got ${describeValue(g)}`);
    }
  });
  return groups as OptimizerStateDict["paramGroups"];
}

/** The param_groups JSON. */
const parseGroups = (op: string, text: string) => checkGroups(op, `metadata ${GROUPS}`, parseJson(op, GROUPS, text));

/** The state JSON: { "<i>": { name: number } }. */
function parseNumbers(op: string, text: string): Record<string, Record<string, number>> {
  const numbers = parseJson(op, NUMBERS, text);
  const ok = isObject(numbers) && Object.entries(numbers).every(([i, e]) => /^\d+$/.test(i) && isObject(e) && Object.values(e).every((v) => typeof v === "number"));
  if (!ok) throw new TypeError(`${op}: metadata ${NUMBERS} must be a JSON object { "<parameter index>": { name: number } }, got ${text.slice(0, 80)}`);
  return numbers as Record<string, Record<string, number>>;
}
