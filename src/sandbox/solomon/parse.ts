/** Reads a Solomon VRPTW instance: fleet size and capacity, then the depot (customer 0) and customers. */
import { InputError } from '../../domain/index.ts';

export interface SolomonCustomer {
  id: number;
  x: number;
  y: number;
  demand: number;
  ready: number;
  due: number;
  service: number;
}

export interface SolomonInstance {
  name: string;
  vehicles: number;
  capacity: number;
  depot: SolomonCustomer;
  customers: SolomonCustomer[];
}

/** Parses the text of a Solomon file (CRLF or LF); a malformed line is an error naming its line number. */
export function parseSolomon(text: string, name: string): SolomonInstance {
  const lines = text.split(/\r?\n/);
  const fail = (line: number, reason: string): never => {
    throw new InputError('bad_solomon', [{ path: `${name}:${line}`, reason }]);
  };
  const vehicleAt = lines.findIndex((l) => l.trim().toUpperCase() === 'VEHICLE');
  if (vehicleAt < 0) fail(1, 'no VEHICLE section');
  // The fleet line is the first line of numbers after the VEHICLE header.
  let fleetAt = vehicleAt + 1;
  while (fleetAt < lines.length && !/^\s*\d/.test(lines[fleetAt] ?? '')) fleetAt += 1;
  const fleet = (lines[fleetAt] ?? '').trim().split(/\s+/).map(Number);
  if (fleet.length < 2 || fleet.some((n) => !Number.isFinite(n))) fail(fleetAt + 1, 'expected the vehicle count and capacity');
  const customerAt = lines.findIndex((l) => l.trim().toUpperCase() === 'CUSTOMER');
  if (customerAt < 0) fail(fleetAt + 1, 'no CUSTOMER section');
  const rows: SolomonCustomer[] = [];
  for (let i = customerAt + 1; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (!/^\d/.test(line)) continue;
    const v = line.split(/\s+/).map(Number);
    if (v.length < 7 || v.some((n) => !Number.isFinite(n))) fail(i + 1, 'expected 7 numbers: id, x, y, demand, ready, due, service');
    const [id, x, y, demand, ready, due, service] = v as [number, number, number, number, number, number, number];
    if (due < ready) fail(i + 1, `customer ${id}: due date ${due} is before ready time ${ready}`);
    if (demand < 0) fail(i + 1, `customer ${id}: negative demand ${demand}`);
    rows.push({ id, x, y, demand, ready, due, service });
  }
  const [depot, ...customers] = rows;
  if (!depot || customers.length === 0) return fail(customerAt + 1, 'expected a depot line and at least one customer');
  return { name, vehicles: fleet[0]!, capacity: fleet[1]!, depot, customers };
}
