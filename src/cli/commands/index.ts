/**
 * Every `marshal` subcommand, in the order `--help` lists them. A command's module (and all it imports: the runtime,
 * LangChain, the optimizer) loads only when that command runs or shows its help: loading them all made every
 * command, `--help` included, take about 4 s to start.
 */
import type { Command } from '../command.ts';

/** A command as the overview lists it; `load` gives the command itself (same name and summary, tested). */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'start', summary: 'run Marshal on the embedded sandbox: API on :8787 and a sandbox day of events flowing', load: async () => (await import('./start.ts')).startCommand },
  { name: 'sandbox generate', summary: 'write a seeded sandbox day (depots, fleet, carriers, customers, orders, disruptions)', load: async () => (await import('./sandbox-generate.ts')).sandboxGenerateCommand },
  { name: 'sandbox solomon', summary: 'turn a Solomon VRPTW instance file into a sandbox day', load: async () => (await import('./sandbox-solomon.ts')).sandboxSolomonCommand },
  { name: 'solve', summary: 'solve a routing problem file and print the solution JSON', load: async () => (await import('./solve.ts')).solveCommand },
  { name: 'dataset import', summary: 'make a replay dataset from a sandbox day or a Solomon instance', load: async () => (await import('./dataset.ts')).datasetImportCommand },
  { name: 'dataset check', summary: 'validate a replay dataset and list every bad row', load: async () => (await import('./dataset.ts')).datasetCheckCommand },
  { name: 'replay', summary: 'replay a dataset under static, greedy and marshal strategies and write a comparison report', load: async () => (await import('./replay.ts')).replayCommand },
  { name: 'log verify', summary: 'walk the decision log hash chain and name the first broken entry', load: async () => (await import('./log.ts')).logVerifyCommand },
  { name: 'log export', summary: 'write the decision log as JSONL, one entry with its hashes per line', load: async () => (await import('./log.ts')).logExportCommand },
  { name: 'log show', summary: 'print one decision as a person reads it', load: async () => (await import('./log.ts')).logShowCommand },
  { name: 'chat', summary: 'ask the dispatcher copilot a question (or talk with it at a prompt)', load: async () => (await import('./chat.ts')).chatCommand },
  { name: 'eval copilot', summary: 'run the copilot eval (questions and commands with expected tool calls and facts) on the fixed sandbox day', load: async () => (await import('./eval-copilot.ts')).evalCopilotCommand },
];
