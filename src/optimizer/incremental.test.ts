/** The live plan: insertions, removals, frozen prefixes and breakdowns, each checked by the validator. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.ts';
import type { ProblemInput } from './format/schema.ts';
import { LivePlan } from './incremental.ts';
import { validate } from './validate.ts';

function city(): ProblemInput {
  const jobs = Array.from({ length: 24 }, (_, i) => ({
    id: `s${i}`,
    location: [Math.cos(i) * (10 + i), Math.sin(i) * (10 + i)] as [number, number],
    service: 5,
    delivery: [1],
    time_windows: [[0, 400]] as [number, number][],
  }));
  const vehicles = Array.from({ length: 4 }, (_, i) => ({ id: `v${i}`, start: [0, 0] as [number, number], capacity: [8], time_window: [0, 500] as [number, number] }));
  return { travel: { kind: 'euclidean', speed: 1 }, objective: 'cost', jobs, vehicles };
}

const check = (live: LivePlan): void => {
  expect(validate(live.currentProblem(), live.solution())).toEqual([]);
};

describe('LivePlan', () => {
  it('inserts a new stop at a feasible place and keeps the plan valid', () => {
    const live = LivePlan.create(city(), { seed: 1, iterations: 200 });
    const r = live.insert({ id: 'new', location: [3, 3], delivery: [1], time_windows: [[0, 300]] });
    expect(r.vehicle).not.toBeNull();
    check(live);
    // Several windows take the recompile path.
    const r2 = live.insert({ id: 'new2', location: [-3, 3], time_windows: [[0, 10], [100, 300]] });
    expect(r2.vehicle).not.toBeNull();
    check(live);
  });

  it('gives the same routes without the unassigned reasons when asked not to explain them', () => {
    const live = LivePlan.create(city(), { seed: 1, iterations: 200 });
    live.insert({ id: 'huge', location: [2, 2], delivery: [50], time_windows: [[0, 300]] });
    const explained = live.solution();
    const plain = live.solution({ explain: false });
    expect(explained.unassigned).toEqual([{ id: 'huge', type: 'job', reasons: ['capacity'] }]);
    expect(plain.unassigned).toEqual([{ id: 'huge', type: 'job', reasons: [] }]);
    expect(plain.routes).toEqual(explained.routes);
  });

  it('writes out a route again when a removed stop\'s slot takes a new stop at the same place', () => {
    const one = { ...city(), jobs: city().jobs!.slice(0, 5), vehicles: [{ ...city().vehicles![0]!, capacity: [100] }] };
    const live = LivePlan.create(one, { seed: 1, iterations: 50 });
    live.insert({ id: 'a', location: [3, 3], service: 5, delivery: [1], time_windows: [[0, 400]] });
    const before = live.solution().routes[0]!.steps.find((st) => st.id === 'a')!;
    live.remove('a');
    live.insert({ id: 'b', location: [3, 3], service: 40, delivery: [1], time_windows: [[0, 400]] });
    const steps = live.solution().routes[0]!.steps;
    const b = steps.find((st) => st.id === 'b')!;
    expect(steps.some((st) => st.id === 'a')).toBe(false);
    expect(b.departure - b.service_start).toBe(40);
    expect(b.service_start).toBe(before.service_start);
    check(live);
  });

  it('keeps every stop it took in a spare slot when a later insertion recompiles the model', () => {
    const roomy = { ...city(), vehicles: city().vehicles!.map((v) => ({ ...v, capacity: [1000], time_window: [0, 100_000] as [number, number] })) };
    const live = LivePlan.create(roomy, { seed: 1, iterations: 50 });
    // More than the model's spare slots, so the last insertions recompile it.
    const ids = Array.from({ length: 80 }, (_, i) => `n${i}`);
    for (const [i, id] of ids.entries()) live.insert({ id, location: [i % 9, Math.floor(i / 9)], delivery: [1], time_windows: [[0, 90_000]] });
    const planned = new Set(live.solution().routes.flatMap((r) => r.steps.flatMap((st) => (st.id ? [st.id] : []))));
    expect(ids.filter((id) => !planned.has(id))).toEqual([]);
    check(live);
  });

  it('does not bring a removed stop back when a later insertion recompiles the model', () => {
    const live = LivePlan.create(city(), { seed: 1, iterations: 200 });
    live.insert({ id: 'brief', location: [3, 3], delivery: [1], time_windows: [[0, 300]] });
    live.remove('brief');
    // Several windows take the recompile path.
    live.insert({ id: 'later', location: [-3, 3], time_windows: [[0, 10], [100, 300]] });
    const json = live.solution();
    expect([...json.routes.flatMap((r) => r.steps.map((st) => st.id)), ...json.unassigned.map((u) => u.id)]).not.toContain('brief');
  });

  it('explains only the unassigned stops a caller names', () => {
    const live = LivePlan.create(city(), { seed: 1, iterations: 200 });
    live.insert({ id: 'huge', location: [2, 2], delivery: [50], time_windows: [[0, 300]] });
    live.insert({ id: 'huger', location: [3, 3], delivery: [60], time_windows: [[0, 300]] });
    const some = live.solution({ explain: (id) => id === 'huger' });
    expect(some.unassigned).toEqual([{ id: 'huge', type: 'job', reasons: [] }, { id: 'huger', type: 'job', reasons: ['capacity'] }]);
  });

  it('takes a stop with a release time and a soft window in place when the plan already has them', () => {
    const base = city();
    const problem: ProblemInput = {
      ...base, sla_tiers: { standard: { lateness_per_hour: 3600 } },
      jobs: (base.jobs ?? []).map((j, i) => (i % 3 === 0 ? { ...j, release: 20, sla: 'standard' } : j)),
    };
    const live = LivePlan.create(problem, { seed: 1, iterations: 200 });
    const released = live.insert({ id: 'late-pick', location: [2, 2], service: 5, delivery: [1], time_windows: [[0, 400]], release: 150 });
    expect(released.vehicle).not.toBeNull();
    const step = live.solution().routes.flatMap((r) => r.steps).find((st) => st.id === 'late-pick')!;
    expect(step.service_start).toBeGreaterThanOrEqual(150);
    const soft = live.insert({ id: 'tight', location: [30, 30], service: 5, delivery: [1], time_windows: [[0, 5]], sla: 'standard' });
    expect(soft.vehicle).not.toBeNull();
    expect(live.solution().summary.lateness).toBeGreaterThan(0);
    check(live);
  });

  it('prices a stop on one vehicle and leaves the plan exactly as it was', () => {
    const live = LivePlan.create(city(), { seed: 1, iterations: 200 });
    const before = JSON.stringify(live.solution());
    const job = { id: 'new', location: [3, 3] as [number, number], delivery: [1], time_windows: [[0, 300]] as [number, number][] };
    const quotes = ['v0', 'v1', 'v2', 'v3'].map((v) => ({ v, q: live.quote(job, v)! }));
    expect(JSON.stringify(live.solution())).toBe(before);
    // Three vans are full (8 of 8): they say so; the empty one takes it at a price.
    const full = quotes.filter(({ q }) => q.result.vehicle === null);
    expect(full.length).toBeGreaterThan(0);
    for (const { q } of full) expect(q.result.unassigned[0]?.reasons).toContain('capacity');
    const open = quotes.filter(({ v, q }) => q.result.vehicle === v);
    expect(open.length).toBeGreaterThan(0);
    for (const { q } of open) expect(q.costDelta).toBeGreaterThan(0);
    // The real insertion costs no more than the cheapest quote.
    const cost0 = live.cost();
    live.insert(job);
    expect(live.cost() - cost0).toBeLessThanOrEqual(Math.min(...open.map(({ q }) => q.costDelta)) + 1e-6);
    check(live);
    expect(JSON.stringify(live.solution())).not.toBe(before);
  });

  it('takes and prices a stop open in two windows in place, serving it inside one of them', () => {
    const live = LivePlan.create(city(), { seed: 1, iterations: 200 });
    const job = { id: 'split', location: [5, -5] as [number, number], service: 5, time_windows: [[0, 30], [200, 260]] as [number, number][] };
    const q = live.quote(job, 'v3');
    expect(q).toBeDefined();
    expect(q!.result.vehicle).toBe('v3');
    const r = live.insert(job);
    expect(r.vehicle).not.toBeNull();
    check(live);
    const step = live.solution().routes.flatMap((x) => x.steps).find((st) => st.id === 'split')!;
    expect((step.service_start <= 30) || (step.service_start >= 200 && step.service_start <= 260)).toBe(true);
  });

  it('explains a stop it cannot insert', () => {
    const live = LivePlan.create(city(), { seed: 1, iterations: 100 });
    const r = live.insert({ id: 'huge', location: [3, 3], delivery: [50] });
    expect(r.vehicle).toBeNull();
    expect(r.unassigned[0]?.reasons).toContain('capacity');
    check(live);
  });

  it('places again the stops an adopted plan left out, when they fit, and keeps the rest unassigned', () => {
    const problem = city();
    const solved = LivePlan.create(problem, { seed: 1, iterations: 100 }).solution();
    const dropped = { ...solved, routes: solved.routes.map((r) => ({ ...r, steps: r.steps.filter((st) => st.id !== 's5' && st.id !== 's9') })) };
    const big = { id: 'big', location: [4, 4] as [number, number], delivery: [50] };
    const live = LivePlan.create({ ...problem, jobs: [...(problem.jobs ?? []), big] }, { seed: 1, plan: dropped });
    expect(live.solution().unassigned.map((u) => u.id).sort()).toEqual(['big', 's5', 's9']);
    expect(live.retry(['s9', 'big', 'unknown', 's5'])).toEqual(['s9', 's5']);
    const after = live.solution();
    expect(after.unassigned.map((u) => u.id)).toEqual(['big']);
    expect(after.unassigned[0]!.reasons).toContain('capacity');
    check(live);
  });

  it('places again without repair when asked: every other stop keeps its van and its order', () => {
    const problem = city();
    const solved = LivePlan.create(problem, { seed: 1, iterations: 100 }).solution();
    const out = new Set(['s1', 's2', 's5', 's9']);
    // A poor plan to start from: the other stops dealt round the vans by number, so a repair has moves to make.
    const steps = solved.routes.flatMap((r) => r.steps.filter((st) => st.id !== undefined && !out.has(st.id))).sort((a, b) => Number(a.id!.slice(1)) - Number(b.id!.slice(1)));
    const dropped = { ...solved, routes: solved.routes.map((r, v) => ({ ...r, steps: steps.filter((_, i) => i % solved.routes.length === v) })) };
    const order = (sol: ReturnType<LivePlan['solution']>) => sol.routes.map((r) => `${r.vehicle}:${r.steps.flatMap((st) => (st.id && !out.has(st.id) ? [st.id] : [])).join(',')}`).sort();
    const quiet = LivePlan.create(problem, { seed: 1, plan: dropped });
    expect(quiet.retry([...out], { repair: false })).toEqual([...out]);
    expect(order(quiet.solution())).toEqual(order(LivePlan.create(problem, { seed: 1, plan: dropped }).solution()));
    check(quiet);
    // The repaired retry is free to move the others, and here it does.
    const repaired = LivePlan.create(problem, { seed: 1, plan: dropped });
    repaired.retry([...out]);
    expect(order(repaired.solution())).not.toEqual(order(quiet.solution()));
  });

  it('plans the same without spare slots, and still takes a new stop by recompiling', () => {
    const problem = city();
    const solved = LivePlan.create(problem, { seed: 1, iterations: 100 }).solution();
    const dropped = { ...solved, routes: solved.routes.map((r) => ({ ...r, steps: r.steps.filter((st) => st.id !== 's5' && st.id !== 's9') })) };
    const spared = LivePlan.create(problem, { seed: 1, plan: dropped });
    const bare = LivePlan.create(problem, { seed: 1, plan: dropped, spare: 0 });
    expect(bare.retry(['s9', 's5'])).toEqual(spared.retry(['s9', 's5']));
    expect(bare.solution()).toEqual(spared.solution());
    const job = { id: 'new', location: [3, 3] as [number, number], delivery: [1], time_windows: [[0, 300]] as [number, number][] };
    expect(bare.insert(job)).toEqual(spared.insert(job));
    expect(bare.solution()).toEqual(spared.solution());
    check(bare);
  });

  it('plans the same on the memory of a released plan, and the released plan refuses to be used', () => {
    const problem = city();
    const solved = LivePlan.create(problem, { seed: 1, iterations: 100 }).solution();
    const donor = LivePlan.create({ ...problem, jobs: problem.jobs!.slice(3) }, { seed: 1, plan: solved });
    const older = LivePlan.create(problem, { seed: 1, plan: solved });
    const fresh = LivePlan.create(problem, { seed: 1, plan: solved, travelFrom: donor });
    // What the released plan leaves in its memory is no figure of the new plan's.
    const memory = older.release();
    memory.distance.fill(Number.NaN);
    memory.duration.fill(Number.NaN);
    const reused = LivePlan.create(problem, { seed: 1, plan: solved, travelFrom: donor, memory });
    const job = { id: 'new', location: [3, 3] as [number, number], delivery: [1], time_windows: [[0, 300]] as [number, number][] };
    expect(reused.insert(job)).toEqual(fresh.insert(job));
    expect(reused.solution()).toEqual(fresh.solution());
    check(reused);
    expect(() => older.cost()).toThrow('released');
    expect(() => older.insert({ ...job, id: 'other' })).toThrow('released');
  });

  it('removes a stop, but not a frozen one', () => {
    const live = LivePlan.create(city(), { seed: 1, iterations: 100 });
    live.remove('s3');
    expect(JSON.stringify(live.solution())).not.toContain('"s3"');
    check(live);
    live.advance(60);
    const frozen = live.currentProblem().vehicles.flatMap((v) => v.frozen ?? []);
    expect(frozen.length).toBeGreaterThan(0);
    expect(() => live.remove(frozen[0]!)).toThrow(InputError);
  });

  it('keeps frozen prefixes when inserting after time has advanced', () => {
    const live = LivePlan.create(city(), { seed: 2, iterations: 100 });
    live.advance(80);
    const before = live.currentProblem().vehicles.map((v) => v.frozen ?? []);
    live.insert({ id: 'late', location: [1, -2] });
    const after = live.solution();
    for (const [i, v] of live.currentProblem().vehicles.entries()) {
      const route = after.routes.find((r) => r.vehicle === v.id);
      const ids = (route?.steps ?? []).filter((s) => s.id !== undefined).map((s) => s.id);
      expect(ids.slice(0, before[i]!.length)).toEqual(before[i]);
    }
    check(live);
  });

  it('re-plans the stops of a broken-down vehicle onto the others', () => {
    const live = LivePlan.create(city(), { seed: 3, iterations: 200 });
    const busiest = [...live.solution().routes].sort((a, b) => b.steps.length - a.steps.length)[0]!;
    live.advance(50);
    const r = live.vehicleDown(busiest.vehicle, 50, 50);
    const sol = live.solution();
    const broken = sol.routes.find((x) => x.vehicle === busiest.vehicle);
    for (const st of broken?.steps ?? []) if (st.id !== undefined) expect(st.departure).toBeLessThanOrEqual(50);
    expect(r.unassigned).toEqual([]);
    check(live);
  });
});
