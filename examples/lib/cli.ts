// Command-line options for the examples: `--name value` pairs over a table of defaults (all strings).

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
