// The bad-input sweep of the whole public API: every table of test/errors/tables/ runs through the harness
// (test/helpers/errors.ts), and every exported function, class and Tensor method must have a row in some table, named
// after it (test/helpers/api.ts), or sit on the reviewed list below of entries that take nothing worth testing.
import { expect, test } from "vitest";
import { type ApiEntry, covers, publicApi, rowKey } from "../helpers/api";
import { type BadInputTable, badInputTable } from "../helpers/errors";
import { table as core } from "./tables/core";
import { table as data } from "./tables/data";
import { table as io } from "./tables/io";
import { table as layers } from "./tables/layers";
import { table as losses } from "./tables/losses";
import { table as modules } from "./tables/modules";
import { table as norms } from "./tables/norms";
import { table as ops } from "./tables/ops";
import { table as optim } from "./tables/optim";
import { table as pool } from "./tables/pool";
import { table as conv } from "./tables/conv";
import { table as rnn } from "./tables/rnn";
import { table as schedulers } from "./tables/schedulers";
import { table as tensor } from "./tables/tensor";
import { table as train } from "./tables/train";
import { table as typos } from "./tables/typos";

/** Every table; a new file in tables/ goes here too. */
const TABLES: Record<string, BadInputTable> = { core, tensor, ops, layers, modules, losses, norms, pool, conv, rnn, optim, schedulers, data, io, train, typos };

/**
 * Entries with no input that could be wrong (reviewed): reading counters, asking the platform, or handles whose
 * behaviour on disposed tensors is deliberate (dispose is idempotent, toString prints "<disposed>", isContiguous only
 * reads strides).
 */
const NO_ARGUMENTS: Record<string, string> = {
  memoryStats: "reads counters",
  supportedIsas: "asks the platform",
  isGradEnabled: "reads a flag",
  isAnomalyEnabled: "reads a flag",
  "Tensor.dispose": "idempotent by design (test/tensor/memory-safety.test.ts)",
  "Tensor.toString": "prints <disposed> for a disposed tensor instead of failing, so that logging never throws",
  "Tensor.isContiguous": "reads the strides only",
  terminalWriter: "takes no arguments",
  formatDuration: "a display helper: a negative or non-finite duration prints the placeholder -:-- by design (an ETA not known yet)",
};

for (const [name, table] of Object.entries(TABLES)) badInputTable(name, table);

test("every public entry point has a bad-input row, and every row names an entry point", () => {
  const entries = publicApi();
  const rows = Object.values(TABLES).flatMap((t) => t.rows);
  const keys = [...new Set(rows.map(([name]) => rowKey(name)))];
  const listed = (e: ApiEntry) => e.names.some((n) => n in NO_ARGUMENTS);
  const missing = entries.filter((e) => !listed(e) && !keys.some((k) => covers(k, e))).map((e) => e.names.join(" = "));
  const unknownKeys = keys.filter((k) => !entries.some((e) => covers(k, e)));
  const staleAllowed = Object.keys(NO_ARGUMENTS).filter((n) => !entries.some((e) => e.names.includes(n)));
  console.log(`bad-input sweep: ${entries.length} API entry points (${entries.filter(listed).length} without arguments), ${rows.length} bad inputs in ${Object.keys(TABLES).length} tables`);
  // missing: entry points without a row in test/errors/tables/; unknownKeys: row names that start with no API entry
  // (name rows "<entry>: what is wrong"); staleAllowed: NO_ARGUMENTS names that are no longer exported
  expect({ missing, unknownKeys, staleAllowed }).toEqual({ missing: [], unknownKeys: [], staleAllowed: [] });
});
