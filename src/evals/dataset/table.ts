/** Reads one dataset table, `<name>.csv` or `<name>.jsonl`, into rows that remember their file and line. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from './csv.ts';
import { absentAsUndefined } from './fields.ts';
import type { DatasetProblem } from './problem.ts';

export interface RawRow {
  file: string;
  line: number;
  values: Record<string, unknown>;
}

export interface RawTable {
  file: string;
  rows: RawRow[];
  /** Required columns a CSV header (or every JSONL line) lacks: their per-row "is required" would only repeat it. */
  missingColumns: Set<string>;
  /** Rows refused for their shape (ragged CSV, bad JSON) with what could be read of them: their ids still exist, so
   * a reference to one is not also reported as unknown. */
  dropped: RawRow[];
}

export interface TableSpec {
  name: string;
  required: readonly string[];
  optional: readonly string[];
}

/** The table's rows and the problems of its shape (missing or unknown columns, bad JSON, ragged CSV lines). */
export function readTable(dir: string, spec: TableSpec, mustExist: boolean): { table?: RawTable; problems: DatasetProblem[] } {
  const csv = `${spec.name}.csv`;
  const jsonl = `${spec.name}.jsonl`;
  const hasCsv = existsSync(join(dir, csv));
  const hasJsonl = existsSync(join(dir, jsonl));
  if (hasCsv && hasJsonl) return { problems: [{ file: csv, field: '(file)', reason: `both ${csv} and ${jsonl} exist; keep one` }] };
  if (!hasCsv && !hasJsonl) {
    return { problems: mustExist ? [{ file: csv, field: '(file)', reason: `missing: the dataset needs ${csv} or ${jsonl} (references to it are not checked)` }] : [] };
  }
  const file = hasCsv ? csv : jsonl;
  if (!statSync(join(dir, file)).isFile()) return { problems: [{ file, field: '(file)', reason: 'is not a file' }] };
  const raw = readFileSync(join(dir, file), 'utf8');
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const read = hasCsv ? readCsvTable(file, text, spec) : readJsonlTable(file, text, spec);
  if (read.table.rows.length === 0 && read.table.dropped.length === 0 && mustExist && read.problems.length === 0) {
    read.problems.push({ file, field: '(file)', reason: `has no rows: the dataset needs at least one` });
  }
  return read;
}

function readCsvTable(file: string, text: string, spec: TableSpec): { table: RawTable; problems: DatasetProblem[] } {
  const problems: DatasetProblem[] = [];
  const { records, unclosedQuoteAt, textAfterQuoteAt } = parseCsv(text);
  if (unclosedQuoteAt !== undefined) problems.push({ file, line: unclosedQuoteAt, field: '(row)', reason: 'a quoted field is never closed' });
  for (const line of textAfterQuoteAt) problems.push({ file, line, field: '(row)', reason: 'text after a closing quote: quote the whole field ("x""y" for x"y)' });
  const [header, ...body] = records;
  const missingColumns = new Set<string>();
  if (!header) {
    problems.push({ file, line: 1, field: '(file)', reason: 'empty: expected a header line' });
    return { table: { file, rows: [], missingColumns, dropped: [] }, problems };
  }
  const columns = header.fields.map((c) => c.trim());
  const known = new Set([...spec.required, ...spec.optional]);
  for (const c of spec.required) {
    if (!columns.includes(c)) {
      missingColumns.add(c);
      problems.push({ file, line: header.line, field: c, reason: 'missing column' });
    }
  }
  columns.forEach((c, i) => {
    if (!known.has(c)) problems.push({ file, line: header.line, field: c || `(column ${i + 1})`, reason: 'unknown column' });
    else if (columns.indexOf(c) !== i) problems.push({ file, line: header.line, field: c, reason: 'column given twice' });
  });
  const rows: RawRow[] = [];
  const dropped: RawRow[] = [];
  for (const r of body) {
    if (r.fields.length !== columns.length) {
      problems.push({ file, line: r.line, field: '(row)', reason: `has ${r.fields.length} fields, the header has ${columns.length}` });
      const values: Record<string, unknown> = {};
      columns.forEach((c, i) => { if (i < r.fields.length) values[c] = r.fields[i]; });
      dropped.push({ file, line: r.line, values: absentAsUndefined(values) });
      continue;
    }
    const values: Record<string, unknown> = {};
    columns.forEach((c, i) => { values[c] = r.fields[i]; });
    rows.push({ file, line: r.line, values: absentAsUndefined(values) });
  }
  return { table: { file, rows, missingColumns, dropped }, problems };
}

/** What a line that is not a JSON object still says of its string columns (`"id": "o-3"`), for the id checks. */
function salvage(source: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const m of source.matchAll(/"([a-z_]+)"\s*:\s*"([^"\\]*)"/g)) values[m[1]!] = m[2];
  return values;
}

function readJsonlTable(file: string, text: string, spec: TableSpec): { table: RawTable; problems: DatasetProblem[] } {
  const problems: DatasetProblem[] = [];
  const known = new Set([...spec.required, ...spec.optional]);
  const rows: RawRow[] = [];
  const dropped: RawRow[] = [];
  text.split(/\r?\n/).forEach((source, i) => {
    const line = i + 1;
    if (source.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      problems.push({ file, line, field: '(row)', reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
      dropped.push({ file, line, values: salvage(source) });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ file, line, field: '(row)', reason: 'must be a JSON object' });
      return;
    }
    for (const key of Object.keys(value)) if (!known.has(key)) problems.push({ file, line, field: key, reason: 'unknown column' });
    rows.push({ file, line, values: absentAsUndefined(value as Record<string, unknown>) });
  });
  // A required key absent from every line is one missing column, as a CSV header would say, not one problem per line.
  const missingColumns = new Set<string>();
  if (rows.length > 0) {
    for (const c of spec.required) {
      if (rows.every((r) => !(c in r.values))) {
        missingColumns.add(c);
        problems.push({ file, line: rows[0]!.line, field: c, reason: 'missing column (on every line)' });
      }
    }
  }
  return { table: { file, rows, missingColumns, dropped }, problems };
}
