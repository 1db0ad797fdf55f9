/** Writes a dataset as a directory the loader reads back: `dataset.json` and one CSV file per table. */
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../domain/index.ts';
import { carrierToRows, CARRIERS } from './carriers.ts';
import { toCsv } from './csv.ts';
import { disruptionToRow, DISRUPTIONS } from './disruptions.ts';
import { DEPOTS, depotToRow, FLEET, vehicleToRow } from './fleet.ts';
import type { Dataset } from './model.ts';
import { ORDERS, orderToRow } from './orders.ts';
import { MANIFEST_FILE } from './load.ts';

/** Writes through a temporary file and a rename, so a crash never leaves half a table. */
function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Writes `dataset` into `dir`; refuses a directory that already holds files unless `overwrite` is set. */
export function writeDataset(dir: string, dataset: Dataset, options: { overwrite?: boolean } = {}): string[] {
  if (existsSync(dir) && readdirSync(dir).length > 0 && !options.overwrite) {
    throw new InputError('dataset_exists', [{ path: dir, reason: 'is not empty; choose a new directory or overwrite it' }]);
  }
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    [MANIFEST_FILE, `${JSON.stringify(dataset.manifest, null, 2)}\n`],
    ['depots.csv', toCsv(DEPOTS.columns, dataset.depots.map(depotToRow))],
    ['fleet.csv', toCsv(FLEET.columns, dataset.vehicles.map(vehicleToRow))],
    ['carriers.csv', toCsv(CARRIERS.columns, dataset.carriers.flatMap(carrierToRows))],
    ['orders.csv', toCsv(ORDERS.columns, dataset.orders.map(orderToRow))],
    ['disruptions.csv', toCsv(DISRUPTIONS.columns, dataset.disruptions.map(disruptionToRow))],
  ];
  for (const [name, text] of files) {
    const other = join(dir, name.replace(/\.csv$/, '.jsonl'));
    // The loader refuses a table given twice; writing CSV beside a JSONL of the same table would make an unloadable dataset.
    if (name.endsWith('.csv') && existsSync(other)) throw new InputError('dataset_exists', [{ path: other, reason: `would sit beside ${name}; remove it first` }]);
    writeAtomic(join(dir, name), text);
  }
  return files.map(([name]) => name);
}
