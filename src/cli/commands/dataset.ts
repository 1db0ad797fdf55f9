/** `marshal dataset import` and `marshal dataset check`: make a replay dataset from a sandbox day or a Solomon file, and validate one. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { InputError } from '../../domain/index.ts';
import { type Dataset, DatasetError, datasetFromScenario, datasetFromSolomon, formatProblem, loadDataset, writeDataset } from '../../evals/dataset/index.ts';
import type { Command } from '../command.ts';
import { readDayFile } from '../files.ts';
import { parseFlags } from '../flags.ts';

const SOURCES = ['sandbox-day', 'solomon'] as const;

/** One line on what a dataset holds. */
function summary(d: Dataset): string {
  return `${d.orders.length} orders, ${d.vehicles.length} vehicles, ${d.depots.length} depots, ${d.carriers.length} carriers, ${d.disruptions.length} disruptions`;
}

/** Refuses a FILE that is absent or a directory by name, rather than with Node's ENOENT or EISDIR. */
function checkInputFile(file: string): void {
  if (!existsSync(file)) throw new InputError('bad_usage', [{ path: file, reason: 'no such file' }]);
  if (!statSync(file).isFile()) throw new InputError('bad_usage', [{ path: file, reason: 'is a directory, not a file to import' }]);
}

function fromSolomon(file: string, date: string | undefined): Dataset {
  return datasetFromSolomon(readFileSync(file, 'utf8'), basename(file).replace(/\.txt$/i, ''), { file: basename(file), ...(date ? { date } : {}) });
}

function fromSandboxDay(file: string): Dataset {
  const day = readDayFile(file);
  return datasetFromScenario(day, { kind: 'sandbox-day', file: basename(file), seed: day.seed });
}

/** `marshal dataset import`: a sandbox day or a Solomon instance as a replay dataset. */
export const datasetImportCommand: Command = {
  name: 'dataset import',
  summary: 'make a replay dataset from a sandbox day or a Solomon instance',
  help: `usage: marshal dataset import --from sandbox-day|solomon FILE --out DIR [--date YYYY-MM-DD] [--force]

Writes a replay dataset (evals/datasets/README.md): dataset.json, depots.csv, fleet.csv, carriers.csv, orders.csv and
disruptions.csv. From a sandbox day (marshal sandbox generate) it keeps the orders with their customer's location,
ready when their pick completes, the fleet and carriers, and breakdowns and failed deliveries as disruptions. From a
Solomon instance (c101.txt...) it makes one order per customer: demand as kg, ready and due times as a window in
minutes after 00:00 UTC, service time in minutes, planar coordinates kept as x/y.

  --from KIND FILE  sandbox-day or solomon, then the file to read
  --out DIR         the dataset directory to write; it must be empty or absent
  --date DATE       solomon only: the operating day (default 2026-11-23)
  --force           write into a directory that already holds files
`,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      from: { type: 'string' }, out: { type: 'string' }, date: { type: 'string' }, force: { type: 'boolean' },
    }, true);
    const kind = values.from;
    const file = positionals[0];
    const issues = [];
    if (!kind || !(SOURCES as readonly string[]).includes(kind)) issues.push({ path: '--from', reason: `must be one of ${SOURCES.join(', ')}` });
    if (!file || positionals.length > 1) issues.push({ path: 'FILE', reason: 'give exactly one file to import' });
    if (!values.out) issues.push({ path: '--out', reason: 'is required' });
    if (values.date && kind !== 'solomon') issues.push({ path: '--date', reason: 'applies to --from solomon only' });
    if (issues.length > 0 || !file || !values.out) throw new InputError('bad_usage', issues);
    checkInputFile(file);
    const dataset = kind === 'solomon' ? fromSolomon(file, values.date) : fromSandboxDay(file);
    // writeDataset loads what it wrote before moving it into place: a dataset that would not load is never left behind.
    try {
      writeDataset(values.out, dataset, { overwrite: values.force ?? false });
    } catch (error) {
      if (!(error instanceof DatasetError)) throw error;
      for (const p of error.problems) io.err(formatProblem(p));
      io.err(`${values.out}: not written, the imported dataset has ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}`);
      return 1;
    }
    io.err(`wrote ${values.out}: ${summary(dataset)}`);
    return 0;
  },
};

/** `marshal dataset check`: every problem of a dataset, or what it holds. */
export const datasetCheckCommand: Command = {
  name: 'dataset check',
  summary: 'validate a replay dataset and list every bad row',
  help: `usage: marshal dataset check DIR

Validates every row of every file of a replay dataset (evals/datasets/README.md). A good dataset prints what it
holds; a bad one lists every problem as FILE:LINE FIELD: REASON and exits 1.
`,
  async run(args, io) {
    const { positionals } = parseFlags(args, {}, true);
    const dir = positionals[0];
    if (!dir || positionals.length > 1) throw new InputError('bad_usage', [{ path: 'DIR', reason: 'give exactly one dataset directory' }]);
    const result = loadDataset(dir);
    if (!result.ok) {
      for (const p of result.problems) io.err(formatProblem(p));
      io.err(`${dir}: refused, ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`);
      return 1;
    }
    io.out(`${dir}: ok, ${summary(result.dataset)}`);
    return 0;
  },
};
