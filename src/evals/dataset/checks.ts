/** Checks across rows and files: unique ids, and every reference (depot, vehicle, order, tenant) to something that exists. */
import type { DatasetProblem } from './problem.ts';
import type { RawTable } from './table.ts';

/** First line of each id in a table's column; later rows with the same id are problems. Invalid rows count too, so
 * a reference to a row that is bad for another reason is not also reported as unknown. */
export function uniqueIds(table: RawTable | undefined, column: string, problems: DatasetProblem[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const row of table?.rows ?? []) {
    const id = row.values[column];
    if (typeof id !== 'string') continue;
    const seen = first.get(id);
    if (seen === undefined) first.set(id, row.line);
    else problems.push({ file: row.file, line: row.line, field: column, reason: `duplicate '${id}', first on line ${seen}` });
  }
  return first;
}

/** Reports rows whose `column` names something not in `known` (what the column refers to, e.g. `depot`). */
export function references(table: RawTable | undefined, column: string, known: ReadonlySet<string> | ReadonlyMap<string, unknown>, what: string, problems: DatasetProblem[]): void {
  for (const row of table?.rows ?? []) {
    const ref = row.values[column];
    if (typeof ref === 'string' && !known.has(ref)) problems.push({ file: row.file, line: row.line, field: column, reason: `unknown ${what} '${ref}'` });
  }
}

