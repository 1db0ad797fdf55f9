/** The shape of a `marshal` subcommand and the streams it writes to, so commands can be run in-process by tests. */

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal: commands may then draw progress. */
  isTty: boolean;
}

export interface Command {
  /** Words after `marshal`, e.g. `sandbox generate`. */
  name: string;
  summary: string;
  /** Full help text printed by `--help`. */
  help: string;
  run(args: string[], io: Io): Promise<number>;
}

/** The process's own streams. */
export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  isTty: Boolean(process.stdout.isTTY),
};
