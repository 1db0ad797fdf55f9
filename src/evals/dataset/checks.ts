/** Checks across rows and files: unique ids, and every reference (depot, vehicle, order, tenant) to something that exists. */
import type { DatasetProblem } from './problem.ts';
import type { RawRow, RawTable } from './table.ts';

/** The rows of a table, those refused for their shape included: their ids exist even though the row is bad. */
const allRows = (table: RawTable | undefined): RawRow[] => [...(table?.rows ?? []), ...(table?.dropped ?? [])].sort((a, b) => a.line - b.line);

/**
 * First line of each id in a table's column; later rows with the same id are problems. Invalid rows count too, so
 * a reference to a row that is bad for another reason is not also reported as unknown. Undefined when the table did
 * not load or lacks the column: references to it cannot be checked, and its own problem already says why.
 */
export function uniqueIds(table: RawTable | undefined, column: string, problems: DatasetProblem[]): Map<string, number> | undefined {
  if (!table || table.missingColumns.has(column)) return undefined;
  const first = new Map<string, number>();
  for (const row of allRows(table)) {
    const id = row.values[column];
    if (typeof id !== 'string') continue;
    const seen = first.get(id);
    if (seen === undefined) first.set(id, row.line);
    else problems.push({ file: row.file, line: row.line, field: column, reason: `duplicate '${id}', first on line ${seen}` });
  }
  return first;
}

/** Ids of a table whose column may repeat (a carrier's lanes), or undefined when the table did not load. */
export function idsOf(table: RawTable | undefined, column: string): Set<string> | undefined {
  if (!table || table.missingColumns.has(column)) return undefined;
  return new Set(allRows(table).map((r) => r.values[column]).filter((v): v is string => typeof v === 'string'));
}

/** Reports rows whose `column` names something not in `known` (what the column refers to, e.g. `depot`); skipped
 * when `known` is undefined (its table did not load). */
export function references(table: RawTable | undefined, column: string, known: ReadonlySet<string> | ReadonlyMap<string, unknown> | undefined, what: string, problems: DatasetProblem[]): void {
  if (!known) return;
  for (const row of table?.rows ?? []) {
    const ref = row.values[column];
    if (typeof ref === 'string' && !known.has(ref)) problems.push({ file: row.file, line: row.line, field: column, reason: `unknown ${what} '${ref}'` });
  }
}

/** Rows that share `key` must agree on `columns` (a customer's location): each disagreement names the first row. */
export function agreeOn<R extends Record<string, unknown>>(rows: readonly { raw: RawRow; row: R }[], key: keyof R & string, columns: readonly (keyof R & string)[], problems: DatasetProblem[]): void {
  const first = new Map<unknown, { raw: RawRow; row: R }>();
  for (const r of rows) {
    const seen = first.get(r.row[key]);
    if (!seen) {
      first.set(r.row[key], r);
      continue;
    }
    for (const c of columns) {
      if (r.row[c] !== seen.row[c]) {
        problems.push({ file: r.raw.file, line: r.raw.line, field: c, reason: `differs from line ${seen.raw.line} for ${key} '${String(r.row[key])}' ('${String(seen.row[c] ?? '')}')` });
      }
    }
  }
}

/** Rows whose `currency` is not their tenant's. */
export function tenantCurrency(rows: readonly { raw: RawRow; row: { tenant: string; currency: string } }[], currencyOf: ReadonlyMap<string, string>, problems: DatasetProblem[]): void {
  for (const { raw, row } of rows) {
    const expected = currencyOf.get(row.tenant);
    if (expected !== undefined && row.currency !== expected) problems.push({ file: raw.file, line: raw.line, field: 'currency', reason: `'${row.currency}' differs from tenant ${row.tenant}'s currency ${expected}` });
  }
}

/** Planar (x/y) and map-only locations cannot mix: travel between them has no distance. The rows of the smaller group are named. */
export function planarAllOrNone(rows: readonly { raw: RawRow; row: { x?: number | undefined } }[], problems: DatasetProblem[]): void {
  const planar = rows.filter((r) => r.row.x !== undefined);
  const map = rows.filter((r) => r.row.x === undefined);
  if (planar.length === 0 || map.length === 0) return;
  const [odd, other] = planar.length < map.length ? [planar, map[0]!] : [map, planar[0]!];
  const has = odd === planar ? 'has x/y' : 'has no x/y';
  for (const { raw } of odd) problems.push({ file: raw.file, line: raw.line, field: 'x', reason: `${has}, unlike ${other.raw.file}:${other.raw.line}: locations are all planar (x/y) or none` });
}

/** The operating window: from 00:00 UTC of the day before `date` to 00:00 UTC three days after it. */
const DAY_BEFORE_S = 86_400;
const DAYS_AFTER_S = 3 * 86_400;

/** Timestamps (`paths` into each row, `windows.*` for every window) outside the operating window of the day at `midnight`. */
export function withinDay(rows: readonly { raw: RawRow; row: Record<string, unknown> }[], paths: readonly string[], midnight: number, date: string, problems: DatasetProblem[]): void {
  const from = midnight - DAY_BEFORE_S;
  const to = midnight + DAYS_AFTER_S;
  const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
  const check = (raw: RawRow, field: string, value: unknown) => {
    if (typeof value !== 'string') return;
    const t = Date.parse(value) / 1000;
    if (t < from || t >= to) problems.push({ file: raw.file, line: raw.line, field, reason: `${value} is outside the operating day ${date} (${iso(from)} to before ${iso(to)})` });
  };
  for (const { raw, row } of rows) {
    for (const path of paths) {
      if (path === 'windows') {
        (row.windows as { start: string; end: string }[]).forEach((w, i) => {
          check(raw, `windows.${i}.start`, w.start);
          check(raw, `windows.${i}.end`, w.end);
        });
      } else check(raw, path, row[path]);
    }
  }
}
