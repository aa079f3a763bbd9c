// Command-line helpers for the Node examples: `--name value` options over a table of defaults, and reading data files.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The options in `argv` (`--key value` pairs) over `defaults`; an unknown or incomplete option prints the known
 * ones and exits with status 2. Numbers are converted by the caller.
 */
export function parseArgs<K extends string>(defaults: Record<K, string>, argv: string[]): Record<K, string> {
  const args = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    if (!(key in defaults) || argv[i + 1] === undefined) {
      console.error(`unknown or incomplete argument ${argv[i]}; options: ${Object.keys(defaults).map((k) => `--${k}`).join(" ")}`);
      process.exit(2);
    }
    args[key as K] = argv[i + 1];
  }
  return args;
}

/** A reader of the IDX files in `dir` (Fashion-MNIST's four): each the gzipped file if present, else the uncompressed one. */
export function idxFiles(dir: string): (name: string) => Uint8Array {
  return (name) => {
    for (const file of [join(dir, name + ".gz"), join(dir, name)]) if (existsSync(file)) return readFileSync(file);
    throw new Error(`no ${name}(.gz) in ${dir}; pass --data <dir with the four Fashion-MNIST IDX files>`);
  };
}
