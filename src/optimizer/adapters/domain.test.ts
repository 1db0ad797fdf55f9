/** Domain objects to a problem: shipments become delivery jobs, down vehicles stay home, drivers bring their rules. */
import { describe, expect, it } from 'vitest';
import type { Driver, Vehicle } from '../../domain/fleet.ts';
import type { Shipment } from '../../domain/plan.ts';
import type { Depot } from '../../domain/tenant.ts';
import { solve } from '../solve.ts';
import { validate } from '../validate.ts';
import { problemFromDomain, toDomainReason } from './domain.ts';

const depot: Depot = { id: 'ams', tenant: 't', name: 'Amsterdam', location: { lat: 52.37, lon: 4.9 }, opensAt: '06:00', closesAt: '22:00', dockDoors: 4 };
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
const vehicle = (id: string, status: Vehicle['status'] = 'available'): Vehicle => ({
  id, tenant: 't', depotId: 'ams', name: id, kind: 'van', capacity: { weightKg: 1000, volumeM3: 8, pallets: 4 }, skills: [],
  shift: { start: '2026-11-23T06:00:00Z', end: '2026-11-23T18:00:00Z' }, fixedCost: eur(5000), costPerKm: eur(40), costPerHour: eur(2500),
  speedFactor: 1, status, driverId: 'd1',
});
const driver: Driver = {
  id: 'd1', tenant: 't', name: 'Ana', licence: 'C1', skills: ['adr'], shift: { start: '2026-11-23T06:00:00Z', end: '2026-11-23T18:00:00Z' },
  rules: { maxContinuousDrivingSeconds: 16200, breakSeconds: 2700, maxDailyDrivingSeconds: 32400 },
};
const shipment = (id: string, lat: number, skills: string[] = []): Shipment => ({
  id, tenant: 't', orderIds: [`o-${id}`], depotId: 'ams', customerId: 'c', destination: { lat, lon: 4.95 },
  windows: [{ start: '2026-11-23T08:00:00Z', end: '2026-11-23T12:00:00Z' }], serviceSeconds: 300,
  load: { weightKg: 200, volumeM3: 1, pallets: 1 }, readyAt: '2026-11-23T07:00:00Z', requiredSkills: skills, status: 'ready',
});

describe('problemFromDomain', () => {
  it('builds a problem the solver plans and the validator accepts', () => {
    const p = problemFromDomain({
      shipments: [shipment('s1', 52.3), shipment('s2', 52.4, ['adr']), shipment('s3', 52.35, ['reefer'])],
      vehicles: [vehicle('v1'), vehicle('v2', 'down')],
      depots: [depot],
      drivers: [driver],
    });
    expect(p.vehicles.map((v) => v.id)).toEqual(['v1']);
    expect(p.vehicles[0]?.driving_rules?.break_duration).toBe(2700);
    const { solution } = solve(p, { iterations: 50 });
    expect(validate(p, solution)).toEqual([]);
    expect(solution.routes[0]!.steps.filter((s) => s.id).map((s) => s.id).sort()).toEqual(['s1', 's2']);
    expect(solution.unassigned.map((u) => [u.id, toDomainReason(u.reasons[0]!)])).toEqual([['s3', 'skill']]);
    // Release: the van cannot leave before the pick completes at 07:00.
    expect(solution.routes[0]!.steps[0]!.departure).toBeGreaterThanOrEqual(Date.parse('2026-11-23T07:00:00Z') / 1000);
  });
});
