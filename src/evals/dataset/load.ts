/** Loads a dataset directory: validates every row of every file and returns the dataset, or every problem and nothing. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { type Carrier, issuesFromZod } from '../../domain/index.ts';
import { calendarEpoch } from '../../sandbox/generator/index.ts';
import { carriersFromRows, CARRIERS, LaneRow } from './carriers.ts';
import { agreeOn, idsOf, planarAllOrNone, references, tenantCurrency, uniqueIds, withinDay } from './checks.ts';
import { disruptionFromRow, DISRUPTIONS, DisruptionRow } from './disruptions.ts';
import { unknownFiles } from './files.ts';
import { DEPOTS, depotFromRow, DepotRow, FLEET, vehicleFromRow, VehicleRow } from './fleet.ts';
import { type Dataset, Manifest } from './model.ts';
import { ORDERS, orderFromRow, OrderRow } from './orders.ts';
import { type DatasetProblem, sortProblems } from './problem.ts';
import { type RawRow, type RawTable, readTable } from './table.ts';

/** The manifest's file name in a dataset directory. */
export const MANIFEST_FILE = 'dataset.json';
/** Files in the order problems are listed. */
const FILE_ORDER = ['dataset', 'depots', 'fleet', 'carriers', 'orders', 'disruptions'];

/** An optional table that is not in the directory: no rows. */
const EMPTY: RawTable = { file: '', rows: [], missingColumns: new Set(), dropped: [] };

/** A verdict, not an exception: the dataset, or every problem found. */
export type LoadResult = { ok: true; dataset: Dataset } | { ok: false; problems: DatasetProblem[] };

function readManifest(dir: string, problems: DatasetProblem[]): Manifest | undefined {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) {
    problems.push({ file: MANIFEST_FILE, field: '(file)', reason: 'missing: the dataset needs a manifest' });
    return undefined;
  }
  if (!statSync(path).isFile()) {
    problems.push({ file: MANIFEST_FILE, field: '(file)', reason: 'is not a file' });
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    problems.push({ file: MANIFEST_FILE, field: '(file)', reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
    return undefined;
  }
  const result = Manifest.safeParse(raw);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) problems.push({ file: MANIFEST_FILE, field: at ? `${at}.${key}` : key, reason: 'unknown key' });
    else problems.push({ file: MANIFEST_FILE, field: at || '(root)', reason: issue.message });
  }
  return undefined;
}

/** The rows of a table that its schema accepts; every issue of the others becomes a problem naming the column. */
function validRows<S extends z.ZodType>(table: RawTable | undefined, schema: S, problems: DatasetProblem[]): { raw: RawRow; row: z.output<S> }[] {
  const out: { raw: RawRow; row: z.output<S> }[] = [];
  for (const raw of table?.rows ?? []) {
    const result = schema.safeParse(raw.values);
    if (result.success) {
      out.push({ raw, row: result.data });
      continue;
    }
    for (const issue of issuesFromZod(result.error)) {
      const column = issue.path.split('.')[0] ?? '';
      if (table?.missingColumns.has(column)) continue;
      problems.push({ file: raw.file, line: raw.line, field: issue.path || '(row)', reason: issue.reason });
    }
  }
  return out;
}

/** Reads and checks `dir`; loads nothing when any row of any file is bad. */
export function loadDataset(dir: string): LoadResult {
  const problems: DatasetProblem[] = [];
  if (!existsSync(dir)) return { ok: false, problems: [{ file: dir, field: '(file)', reason: 'no such directory' }] };
  if (!statSync(dir).isDirectory()) return { ok: false, problems: [{ file: dir, field: '(file)', reason: 'is not a directory' }] };
  problems.push(...unknownFiles(dir, MANIFEST_FILE, FILE_ORDER.slice(1)));
  const manifest = readManifest(dir, problems);
  const read = (spec: typeof ORDERS, mustExist: boolean) => {
    const { table, problems: shape } = readTable(dir, spec, mustExist);
    problems.push(...shape);
    return table;
  };
  const depotTable = read(DEPOTS, true);
  const fleetTable = read(FLEET, true);
  // An optional table that is absent loads as empty: references to it are checked (and fail), unlike a table that is broken.
  const carrierTable = read(CARRIERS, false) ?? (existsSync(join(dir, 'carriers.csv')) || existsSync(join(dir, 'carriers.jsonl')) ? undefined : EMPTY);
  const orderTable = read(ORDERS, true);
  const disruptionTable = read(DISRUPTIONS, false);

  const depots = validRows(depotTable, DepotRow, problems);
  const vehicles = validRows(fleetTable, VehicleRow, problems);
  const lanes = validRows(carrierTable, LaneRow, problems);
  const orders = validRows(orderTable, OrderRow, problems);
  const disruptions = validRows(disruptionTable, DisruptionRow, problems);

  const depotIds = uniqueIds(depotTable, 'id', problems);
  const vehicleIds = uniqueIds(fleetTable, 'id', problems);
  const orderIds = uniqueIds(orderTable, 'id', problems);
  uniqueIds(carrierTable, 'lane_id', problems);
  references(fleetTable, 'depot_id', depotIds, 'depot', problems);
  references(fleetTable, 'end_depot_id', depotIds, 'depot', problems);
  references(carrierTable, 'origin_depot_id', depotIds, 'depot', problems);
  references(orderTable, 'depot_id', depotIds, 'depot', problems);
  references(orderTable, 'carrier', idsOf(carrierTable, 'carrier_id'), 'carrier (not in carriers)', problems);
  references(disruptionTable, 'vehicle_id', vehicleIds, 'vehicle', problems);
  references(disruptionTable, 'order_id', orderIds, 'order', problems);
  agreeOn(orders, 'customer_id', ['lat', 'lon', 'x', 'y', 'zone'], problems);
  planarAllOrNone([...depots, ...orders], problems);
  if (manifest) {
    const tenants = new Set(manifest.tenants.map((t) => t.id));
    for (const table of [depotTable, fleetTable, carrierTable, orderTable]) references(table, 'tenant', tenants, 'tenant (not in dataset.json)', problems);
    const currencyOf = new Map(manifest.tenants.map((t) => [t.id, t.currency]));
    tenantCurrency([...vehicles, ...lanes, ...orders], currencyOf, problems);
    const midnight = calendarEpoch(manifest.date)!;
    withinDay(orders, ['created_at', 'ready_at', 'delivered_at', 'windows'], midnight, manifest.date, problems);
    withinDay(vehicles, ['shift_start', 'shift_end'], midnight, manifest.date, problems);
    withinDay(disruptions, ['at', 'until'], midnight, manifest.date, problems);
  }
  const grouped = carriersFromRows(lanes);
  problems.push(...grouped.problems);

  if (problems.length > 0 || !manifest) return { ok: false, problems: sortProblems(problems, FILE_ORDER) };
  const carriers: Carrier[] = grouped.carriers;
  return {
    ok: true,
    dataset: {
      manifest, depots: depots.map((d) => depotFromRow(d.row)), vehicles: vehicles.map((v) => vehicleFromRow(v.row)), carriers,
      orders: orders.map((o) => orderFromRow(o.row)), disruptions: disruptions.map((d) => disruptionFromRow(d.row)),
    },
  };
}
