/** One small instance per constraint: ignoring the constraint would give a different plan. */
import { describe, expect, it } from 'vitest';
import { base, routesOf, solved, unassignedIds } from './testing.ts';

const depot: [number, number] = [0, 0];

describe('constraints', () => {
  it('capacity in several dimensions: the second dimension forces a second vehicle', () => {
    const s = solved(base({
      jobs: [{ id: 'a', location: [10, 0], delivery: [1, 3] }, { id: 'b', location: [11, 0], delivery: [1, 3] }],
      vehicles: [{ id: 'v1', start: depot, capacity: [10, 4] }, { id: 'v2', start: depot, capacity: [10, 4] }],
    }));
    expect(s.routes).toHaveLength(2);
  });

  it('hard time windows order the stops against geography', () => {
    const s = solved(base({
      jobs: [{ id: 'near', location: [1, 0], time_windows: [[50, 60]] }, { id: 'far', location: [10, 0], time_windows: [[0, 20]] }],
      vehicles: [{ id: 'v', start: depot }],
    }));
    expect(routesOf(s)['v']).toEqual(['far', 'near']);
  });

  it('several windows: the stop is served in its second window', () => {
    const s = solved(base({ jobs: [{ id: 'a', location: [10, 0], time_windows: [[0, 5], [100, 110]] }], vehicles: [{ id: 'v', start: depot }] }));
    expect(s.routes[0]!.steps[1]!.service_start).toBe(100);
  });

  it('soft windows: a late stop is served and its lateness priced, not dropped', () => {
    const s = solved(base({
      sla_tiers: { standard: { lateness_per_hour: 3600 } },
      jobs: [{ id: 'a', location: [100, 0], time_windows: [[0, 50]], sla: 'standard' }],
      vehicles: [{ id: 'v', start: depot }],
    }));
    expect(unassignedIds(s)).toEqual([]);
    expect(s.routes[0]!.lateness).toBe(50);
    expect(s.summary.cost.lateness).toBeCloseTo(50);
  });

  it('a vehicle leaves to reach its first stop as the window opens, rather than wait at the door', () => {
    const s = solved(base({ jobs: [{ id: 'a', location: [10, 0], time_windows: [[100, 200]] }], vehicles: [{ id: 'v', start: depot, time_window: [0, 1000] }] }));
    const [start, stop] = s.routes[0]!.steps;
    expect(start!.departure).toBe(90);
    expect(stop).toMatchObject({ arrival: 100, service_start: 100 });
    expect(s.routes[0]!.duration).toBe(20);
  });

  it('with an hourly rate, waiting at a door is paid: a stop hours after the others goes on a second vehicle', () => {
    // A release (goods ready at the depot at 0, as every picked shipment has) makes insertion price the waiting too.
    const jobs = [
      { id: 'early', location: [10, 0] as [number, number], time_windows: [[10, 20]] as [number, number][], release: 0 },
      { id: 'late', location: [11, 0] as [number, number], time_windows: [[5000, 5100]] as [number, number][] },
    ];
    const van = (id: string, perHour?: number) => ({ id, start: depot, costs: { fixed: 100, per_km: 1000, ...(perHour ? { per_hour: perHour } : {}) } });
    // Driving only is priced: one vehicle waits ~80 minutes at the second door for a fixed cost saved.
    expect(solved(base({ jobs, vehicles: [van('v1'), van('v2')] })).routes).toHaveLength(1);
    // At 3600 an hour a second of waiting costs 1: the wait (~4980) is dearer than a second vehicle (100).
    const paid = solved(base({ jobs, vehicles: [van('v1', 3600), van('v2', 3600)] }));
    expect(paid.routes).toHaveLength(2);
    expect(paid.summary.cost.time).toBeLessThan(100);
    expect(paid.summary.cost.total).toBeCloseTo(paid.routes.reduce((n, r) => n + r.cost, 0));
  });

  it('service times make a second stop miss its window', () => {
    const p = (service: number) => base({
      jobs: [{ id: 'a', location: [1, 0], service, time_windows: [[0, 10]] }, { id: 'b', location: [2, 0], service, time_windows: [[0, 12]] }],
      vehicles: [{ id: 'v', start: depot }],
    });
    expect(unassignedIds(solved(p(0)))).toEqual([]);
    expect(unassignedIds(solved(p(20)))).toHaveLength(1);
  });

  it('skills send the stop to the farther vehicle that has them', () => {
    const s = solved(base({
      jobs: [{ id: 'cold', location: [1, 0], skills: ['reefer'] }],
      vehicles: [{ id: 'near', start: [1, 1] }, { id: 'reefer', start: [50, 0], skills: ['reefer'] }],
    }));
    expect(routesOf(s)).toEqual({ reefer: ['cold'] });
  });

  it('shipments: pickup before delivery on one vehicle', () => {
    const s = solved(base({
      shipments: [{ pickup: { id: 'p', location: [10, 0] }, delivery: { id: 'd', location: [1, 0] }, amount: [5] }],
      vehicles: [{ id: 'v', start: depot, capacity: [5] }],
    }));
    expect(routesOf(s)['v']).toEqual(['p', 'd']);
  });

  it('shipment capacity: two pairs cannot be on board together', () => {
    const s = solved(base({
      shipments: [
        { pickup: { id: 'p1', location: [10, 0] }, delivery: { id: 'd1', location: [20, 0] }, amount: [5] },
        { pickup: { id: 'p2', location: [11, 0] }, delivery: { id: 'd2', location: [21, 0] }, amount: [5] },
      ],
      vehicles: [{ id: 'v', start: depot, capacity: [5] }],
    }));
    const seq = routesOf(s)['v']!;
    expect(seq.indexOf('d1') < seq.indexOf('p2') || seq.indexOf('d2') < seq.indexOf('p1')).toBe(true);
  });

  it('shift end leaves a far stop unassigned with reason shift', () => {
    const s = solved(base({ jobs: [{ id: 'far', location: [100, 0] }], vehicles: [{ id: 'v', start: depot, time_window: [0, 150] }] }));
    expect(s.unassigned[0]?.reasons).toContain('shift');
  });

  it('max route duration, max distance and max stops each limit a route', () => {
    const jobs = [{ id: 'a', location: [10, 0] as [number, number] }, { id: 'b', location: [0, 10] as [number, number] }];
    const two = (extra: object) => solved(base({ jobs, vehicles: [{ id: 'v1', start: depot, ...extra }, { id: 'v2', start: depot, ...extra }] }));
    expect(two({}).routes).toHaveLength(1);
    expect(two({ max_travel_time: 30 }).routes).toHaveLength(2);
    expect(two({ max_distance: 30 }).routes).toHaveLength(2);
    expect(two({ max_tasks: 1 }).routes).toHaveLength(2);
  });

  it('fixed cost and cost per km pick the cheaper vehicle', () => {
    const vehicles = (fixed: number) => [
      { id: 'pricey', start: depot, costs: { fixed, per_km: 1000 } },
      { id: 'cheap', start: depot, costs: { fixed: 0, per_km: 2000 } },
    ];
    expect(Object.keys(routesOf(solved(base({ jobs: [{ id: 'a', location: [10, 0] }], vehicles: vehicles(0) }))))).toEqual(['pricey']);
    expect(Object.keys(routesOf(solved(base({ jobs: [{ id: 'a', location: [10, 0] }], vehicles: vehicles(100) }))))).toEqual(['cheap']);
  });

  it('speed factor: the slow vehicle misses the window, the normal one makes it', () => {
    const s = solved(base({
      jobs: [{ id: 'a', location: [10, 0], time_windows: [[0, 12]] }],
      vehicles: [{ id: 'slow', start: depot, speed_factor: 1.5 }, { id: 'fast', start: [5, 0] }],
    }));
    expect(routesOf(s)).toEqual({ fast: ['a'] });
  });

  it('release times delay the departure, or block the stop with reason release', () => {
    const s = solved(base({ jobs: [{ id: 'a', location: [10, 0], release: 100 }], vehicles: [{ id: 'v', start: depot }] }));
    expect(s.routes[0]!.steps[1]!.arrival).toBe(110);
    const blocked = solved(base({ jobs: [{ id: 'a', location: [10, 0], release: 100, time_windows: [[0, 50]] }], vehicles: [{ id: 'v', start: depot }] }));
    expect(blocked.unassigned[0]?.reasons).toContain('release');
  });

  it('driving rules insert a break and enforce the daily limit', () => {
    const rules = { max_continuous_driving: 15, break_duration: 45 };
    const s = solved(base({ jobs: [{ id: 'a', location: [10, 0] }, { id: 'b', location: [20, 0] }], vehicles: [{ id: 'v', start: depot, open_end: true, driving_rules: rules }] }));
    expect(s.routes[0]!.steps.some((x) => x.type === 'break')).toBe(true);
    expect(s.routes[0]!.steps.find((x) => x.id === 'b')!.arrival).toBe(65);
    const daily = solved(base({ jobs: [{ id: 'a', location: [50, 0] }], vehicles: [{ id: 'v', start: depot, driving_rules: { ...rules, max_daily_driving: 60 } }] }));
    expect(daily.unassigned[0]?.reasons).toContain('break');
  });

  it('a vehicle unavailable from a time cannot take work beyond it', () => {
    const s = solved(base({ jobs: [{ id: 'a', location: [10, 0] }], vehicles: [{ id: 'broken', start: depot, unavailable_from: 15 }, { id: 'spare', start: [30, 0] }] }));
    expect(routesOf(s)).toEqual({ spare: ['a'] });
  });

  it('priorities: with room for one stop, the high-priority one is served', () => {
    const s = solved(base({
      jobs: [{ id: 'low', location: [1, 0], delivery: [1] }, { id: 'high', location: [9, 0], delivery: [1], priority: 50 }],
      vehicles: [{ id: 'v', start: depot, capacity: [1] }],
    }));
    expect(unassignedIds(s)).toEqual(['low']);
  });

  it('frozen prefixes stay first; a vehicle starts from its current position and time', () => {
    const s = solved(base({
      jobs: [{ id: 'a', location: [10, 0] }, { id: 'b', location: [1, 0] }],
      vehicles: [{ id: 'v', start: [5, 0], time_window: [100, 1000], frozen: ['a'] }],
    }));
    expect(routesOf(s)['v']).toEqual(['a', 'b']);
    expect(s.routes[0]!.steps[1]!.arrival).toBe(105);
  });

  it('allowed vehicles restrict who may serve a stop', () => {
    const s = solved(base({ jobs: [{ id: 'a', location: [1, 0], allowed_vehicles: ['far'] }], vehicles: [{ id: 'near', start: depot }, { id: 'far', start: [40, 0] }] }));
    expect(routesOf(s)).toEqual({ far: ['a'] });
  });

  it('objective vehicles uses fewer vehicles than objective cost when that costs distance', () => {
    const jobs = [{ id: 'a', location: [10, 0] as [number, number] }, { id: 'b', location: [-10, 0] as [number, number] }];
    const vehicles = [{ id: 'v1', start: depot, end: [10, 0] as [number, number] }, { id: 'v2', start: depot, end: [-10, 0] as [number, number] }];
    expect(solved(base({ jobs, vehicles, objective: 'cost' })).routes).toHaveLength(2);
    expect(solved(base({ jobs, vehicles, objective: 'vehicles' })).routes).toHaveLength(1);
  });
});
