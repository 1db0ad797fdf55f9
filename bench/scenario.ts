/** A benchmark scenario run by `npm run bench -- NAME [flags]`. */

export interface BenchScenario {
  name: string;
  summary: string;
  /** Help text: flags and what is measured. */
  help: string;
  /** Runs the scenario; returns the process exit code. */
  run(args: string[]): Promise<number>;
}
