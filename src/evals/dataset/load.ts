/** Loads a dataset directory: validates every row of every file and returns the dataset, or every problem and nothing. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { type Carrier, issuesFromZod } from '../../domain/index.ts';
import { carriersFromRows, CARRIERS, LaneRow } from './carriers.ts';
import { references, uniqueIds } from './checks.ts';
import { disruptionFromRow, DISRUPTIONS, DisruptionRow } from './disruptions.ts';
import { DEPOTS, depotFromRow, DepotRow, FLEET, vehicleFromRow, VehicleRow } from './fleet.ts';
import { type Dataset, Manifest } from './model.ts';
import { ORDERS, orderFromRow, OrderRow } from './orders.ts';
import { type DatasetProblem, sortProblems } from './problem.ts';
import { type RawRow, type RawTable, readTable } from './table.ts';

export const MANIFEST_FILE = 'dataset.json';
/** Files in the order problems are listed. */
const FILE_ORDER = ['dataset', 'depots', 'fleet', 'carriers', 'orders', 'disruptions'];

/** A verdict, not an exception: the dataset, or every problem found. */
export type LoadResult = { ok: true; dataset: Dataset } | { ok: false; problems: DatasetProblem[] };

function readManifest(dir: string, problems: DatasetProblem[]): Manifest | undefined {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) {
    problems.push({ file: MANIFEST_FILE, field: '(file)', reason: 'missing: the dataset needs a manifest' });
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push({ file: MANIFEST_FILE, field: '(file)', reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
    return undefined;
  }
  const result = Manifest.safeParse(raw);
  if (result.success) return result.data;
  for (const issue of issuesFromZod(result.error)) problems.push({ file: MANIFEST_FILE, field: issue.path || '(root)', reason: issue.reason });
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
  const manifest = readManifest(dir, problems);
  const read = (spec: typeof ORDERS, mustExist: boolean) => {
    const { table, problems: shape } = readTable(dir, spec, mustExist);
    problems.push(...shape);
    return table;
  };
  const depotTable = read(DEPOTS, true);
  const fleetTable = read(FLEET, true);
  const carrierTable = read(CARRIERS, false);
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
  references(disruptionTable, 'vehicle_id', vehicleIds, 'vehicle', problems);
  references(disruptionTable, 'order_id', orderIds, 'order', problems);
  if (manifest) {
    const tenants = new Set(manifest.tenants.map((t) => t.id));
    for (const table of [depotTable, fleetTable, carrierTable, orderTable]) references(table, 'tenant', tenants, 'tenant (not in dataset.json)', problems);
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
