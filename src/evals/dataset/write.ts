/** Writes a dataset as a directory the loader reads back: `dataset.json` and one CSV file per table. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { type FieldIssue, InputError } from '../../domain/index.ts';
import { carrierToRows, CARRIERS } from './carriers.ts';
import { toCsv } from './csv.ts';
import { disruptionToRow, DISRUPTIONS } from './disruptions.ts';
import { DEPOTS, depotToRow, FLEET, vehicleToRow } from './fleet.ts';
import { loadDataset, MANIFEST_FILE } from './load.ts';
import type { Dataset } from './model.ts';
import { ORDERS, orderToRow } from './orders.ts';
import { DatasetError } from './problem.ts';

/** The files of a dataset, by name. */
function filesOf(dataset: Dataset): [string, string][] {
  return [
    [MANIFEST_FILE, `${JSON.stringify(dataset.manifest, null, 2)}\n`],
    ['depots.csv', toCsv(DEPOTS.columns, dataset.depots.map(depotToRow))],
    ['fleet.csv', toCsv(FLEET.columns, dataset.vehicles.map(vehicleToRow))],
    ['carriers.csv', toCsv(CARRIERS.columns, dataset.carriers.flatMap(carrierToRows))],
    ['orders.csv', toCsv(ORDERS.columns, dataset.orders.map(orderToRow))],
    ['disruptions.csv', toCsv(DISRUPTIONS.columns, dataset.disruptions.map(disruptionToRow))],
  ];
}

/** Every reason `dir` cannot take the dataset's files, all at once: not empty (unless `overwrite`), or holding a file the
 * loader would refuse beside them (a JSONL twin of a table, anything unknown). */
function conflicts(dir: string, names: readonly string[], overwrite: boolean): FieldIssue[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return [{ path: dir, reason: 'is not a directory' }];
  const present = readdirSync(dir).sort();
  if (present.length === 0) return [];
  if (!overwrite) return [{ path: dir, reason: 'is not empty; choose a new directory or overwrite it' }];
  return present
    .filter((name) => !names.includes(name) && !name.startsWith('.') && name !== 'README.md')
    .map((name) => ({ path: join(dir, name), reason: `would sit beside the dataset's files and make it unloadable; remove it first` }));
}

/**
 * Writes `dataset` into `dir`; refuses a directory that already holds files unless `overwrite` is set. Every conflict
 * is found before anything is written; the files are written into a temporary directory beside `dir` and loaded from
 * there, and only a dataset that loads is moved into place, so a refused one leaves nothing behind.
 */
export function writeDataset(dir: string, dataset: Dataset, options: { overwrite?: boolean } = {}): string[] {
  const files = filesOf(dataset);
  const issues = conflicts(dir, files.map(([name]) => name), options.overwrite ?? false);
  if (issues.length > 0) throw new InputError('dataset_exists', issues);
  const parent = dirname(resolve(dir));
  mkdirSync(parent, { recursive: true });
  const tmp = mkdtempSync(join(parent, `.${basename(dir)}.tmp-`));
  try {
    for (const [name, text] of files) writeFileSync(join(tmp, name), text);
    const check = loadDataset(tmp);
    if (!check.ok) throw new DatasetError(check.problems, dir);
    if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
    if (!existsSync(dir)) renameSync(tmp, dir);
    // Over an existing dataset: each file replaced by a rename, so a crash never leaves half a table.
    else for (const [name] of files) renameSync(join(tmp, name), join(dir, name));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return files.map(([name]) => name);
}
