/** A bad row of a dataset as data: the file, the line, the field and the reason, so every one can be listed. */
import { InputError } from '../../domain/index.ts';

export interface DatasetProblem {
  file: string;
  /** 1-based line; absent for a problem with the whole file or with a JSON document. */
  line?: number;
  /** Column name (or dotted path inside a column); `(file)` or `(row)` when no one field is at fault. */
  field: string;
  reason: string;
}

/** `orders.csv:12 weight_kg: must not be negative`. */
export function formatProblem(p: DatasetProblem): string {
  return `${p.file}${p.line === undefined ? '' : `:${p.line}`} ${p.field}: ${p.reason}`;
}

/** Problems in file order, then line order, then field: stable output for people and tests. */
export function sortProblems(problems: readonly DatasetProblem[], fileOrder: readonly string[]): DatasetProblem[] {
  const rank = (f: string) => {
    const i = fileOrder.indexOf(f.replace(/\.(csv|jsonl|json)$/, ''));
    return i < 0 ? fileOrder.length : i;
  };
  return [...problems].sort((a, b) => rank(a.file) - rank(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

/** A dataset refused as a whole: the caller's fault, with every problem listed. */
export class DatasetError extends InputError {
  readonly problems: DatasetProblem[];
  constructor(problems: DatasetProblem[], dir: string) {
    super('invalid_dataset', problems.map((p) => ({ path: `${p.file}${p.line === undefined ? '' : `:${p.line}`} ${p.field}`, reason: p.reason })), `dataset ${dir}`);
    this.problems = problems;
  }
}
