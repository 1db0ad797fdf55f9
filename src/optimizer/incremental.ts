/** A live plan for events: insert a new stop, remove one, advance time (freezing what is served), lose a vehicle. */
import { InputError, parseInput } from '../domain/errors.ts';
import { createRng } from '../domain/random.ts';
import type { Rng } from '../domain/random.ts';
import { recreate, regretInsert } from './construction/recreate.ts';
import { explainUnassigned } from './explain.ts';
import { RouteCache, toSolutionJson } from './format/output.ts';
import { parseJob, parseProblem } from './format/parse.ts';
import { JobSchema } from './format/schema.ts';
import type { JobInput, Problem, ProblemInput, Solution as SolutionJson } from './format/schema.ts';
import { addJob, retireJob } from './model/grow.ts';
import { compile } from './model/problem.ts';
import { type MatrixMemory, memoryOf } from './model/travel.ts';
import type { Model } from './model/problem.ts';
import { Solution } from './model/solution.ts';
import { localRepair } from './operators/local-search.ts';
import { search, DEFAULT_SEARCH } from './search.ts';
import { initialState, solveModel } from './solve.ts';
import type { SolveOptions } from './solve.ts';

/** Spare stop slots per compile: that many insertions run without recompiling the model. */
const SPARE = 64;

/** What an event did to the plan. */
export interface EventResult {
  /** Vehicle that now serves the stop, or null if it stays unassigned. */
  vehicle: string | null;
  /** Requests that could not be placed, with reasons. */
  unassigned: { id: string; reasons: string[] }[];
  /** Local-search moves made after the event. */
  repairMoves: number;
}

/** A plan kept in memory between events; every change respects frozen prefixes. */
export class LivePlan {
  private problem: Problem;
  private m: Model;
  private sol: Solution;
  private rng: Rng;
  /** Routes as last written out: most are unchanged between two reads of the solution. */
  private written = new RouteCache();

  private constructor(problem: Problem, m: Model, sol: Solution, seed: number | string) {
    this.problem = problem;
    this.m = m;
    this.sol = sol;
    this.rng = createRng(seed);
  }

  /**
   * Solves `input` from scratch (or adopts `plan`, a solution for the same problem) and keeps it live. `travelFrom`
   * lends its travel matrices for the places both share: pure reuse of the same figures, so the plan is the same.
   * `spare` stop slots (default 64) let that many insertions run without a recompile; a plan that will only place
   * its own stops again (`retry`) needs none, and its matrices are the smaller for it.
   */
  static create(input: ProblemInput, opt: SolveOptions & { plan?: SolutionJson; travelFrom?: LivePlan; spare?: number; memory?: MatrixMemory } = {}): LivePlan {
    const problem = parseProblem(input);
    const m = compile(problem, opt.travelFrom?.m, opt.spare ?? SPARE, opt.memory);
    const sol = opt.plan ? adopt(m, opt.plan) : solveModel(m, opt).state;
    return new LivePlan(problem, m, sol, opt.seed ?? 1);
  }

  /**
   * The plan as solution JSON, with the reasons each unassigned stop stays so: for every one by default, for none when
   * `explain` is false, or for those whose id `explain` accepts.
   */
  solution(options: { explain?: boolean | ((id: string) => boolean) } = {}): SolutionJson {
    // Why a stop stays unassigned costs a simulation of it at every position of every route: a caller that reads only
    // the routes, or replaces some stops' reasons with its own, asks for fewer, and the others' reasons are left empty.
    const explain = options.explain ?? true;
    const wanted = typeof explain === 'function' ? explain : () => explain;
    return toSolutionJson(this.m, this.sol, (s) => (wanted(this.m.stopId[s] as string) ? explainUnassigned(this.m, this.sol, s) : []), this.written);
  }

  /**
   * Gives up this plan's travel memory for another plan's matrices (`create`'s `memory`) and ends this plan: any later
   * call on it throws rather than read figures that are no longer its own.
   */
  release(): MatrixMemory {
    const memory = memoryOf(this.m.travel);
    const gone = new Proxy({}, { get: () => { throw new Error('this live plan was released: its travel memory now holds another plan\'s matrices'); } });
    this.m = gone as Model;
    this.sol = gone as Solution;
    return memory;
  }

  /** The current problem (with frozen prefixes and new stops folded in). */
  currentProblem(): Problem {
    return this.problem;
  }

  /** Inserts a new job at its cheapest feasible position, then repairs the routes around it. */
  insert(job: JobInput): EventResult {
    const parsed = parseJob(job);
    if (this.m.stopId.includes(parsed.id)) throw new InputError('duplicate_stop', [{ path: 'id', reason: `stop '${parsed.id}' is already in the plan` }], 'job');
    // Fast path: fill a spare slot of the compiled model; otherwise recompile with the job added.
    let s = addJob(this.m, parsed);
    if (s < 0) {
      this.rebuild({ ...this.problem, jobs: [...this.problem.jobs, parsed] });
      s = this.m.stopId.indexOf(parsed.id);
      this.sol.unassigned = this.sol.unassigned.filter((x) => x !== s);
    }
    this.sol.checkpoint();
    recreate(this.sol, [s], this.rng, { blink: 0, allowNew: true });
    const v = this.sol.routeOf[s] as number;
    const moves = v >= 0 ? localRepair(this.sol, [this.sol.routes[v]!], 10) : 0;
    return this.result(s, moves);
  }

  /**
   * Tries again, in the order given, to place stops the plan left unassigned (room may have opened since): each at its
   * cheapest feasible position, then repaired as `insert` does unless `repair` is false. Returns the ids placed; ids
   * not unassigned are skipped.
   */
  retry(ids: readonly string[], options: { repair?: boolean } = {}): string[] {
    const placed: string[] = [];
    for (const id of ids) {
      const s = this.m.stopId.indexOf(id);
      if (s < 0 || !this.sol.unassigned.includes(s)) continue;
      this.sol.unassigned = this.sol.unassigned.filter((x) => x !== s);
      this.sol.checkpoint();
      recreate(this.sol, [s], this.rng, { blink: 0, allowNew: true });
      const v = this.sol.routeOf[s] as number;
      if (v < 0) continue;
      if (options.repair !== false) localRepair(this.sol, [this.sol.routes[v]!], 10);
      placed.push(id);
    }
    return placed;
  }

  /** Plan cost (fixed, distance, time and lateness), without the penalty for unassigned stops. */
  cost(): number {
    return this.sol.objective().cost;
  }

  /**
   * Prices `job` on `vehicleId` alone: inserted and repaired as `insert` would, measured, then undone, so the plan
   * is left exactly as it was. Undefined when the job cannot take a spare slot (the caller prices it on a copy).
   */
  quote(job: JobInput, vehicleId: string): { result: EventResult; costDelta: number } | undefined {
    const parsed = parseInput(JobSchema, { ...job, allowed_vehicles: [vehicleId] }, 'job');
    if (!this.m.vehicleId.includes(vehicleId)) throw new InputError('unknown_vehicle', [{ path: 'vehicle', reason: `no vehicle '${vehicleId}'` }], 'quote');
    if (this.m.stopId.includes(parsed.id)) throw new InputError('duplicate_stop', [{ path: 'id', reason: `stop '${parsed.id}' is already in the plan` }], 'job');
    const s = addJob(this.m, parsed);
    if (s < 0) return undefined;
    const before = this.cost();
    this.sol.checkpoint();
    // Only this vehicle, even when it is empty and an identical empty one would otherwise stand for it; and its own
    // generator, so a quote does not change what the plan's next real event does.
    const fleet = new Uint8Array(this.m.nVehicles);
    fleet[this.m.vehicleId.indexOf(vehicleId)] = 1;
    recreate(this.sol, [s], createRng(`quote|${parsed.id}|${vehicleId}`), { blink: 0, allowNew: true, fleet });
    const v = this.sol.routeOf[s] as number;
    const moves = v >= 0 ? localRepair(this.sol, [this.sol.routes[v]!], 10) : 0;
    const result = this.result(s, moves);
    const costDelta = this.cost() - before;
    this.sol.rollback();
    this.sol.unassigned = this.sol.unassigned.filter((x) => x !== s);
    this.retire(s);
    return { result, costDelta };
  }

  /** Removes a stop (a shipment is removed with its partner) unless it is frozen. */
  remove(id: string): EventResult {
    const s = this.m.stopId.indexOf(id);
    if (s < 0) throw new InputError('unknown_stop', [{ path: 'id', reason: `no stop '${id}' in the plan` }], 'remove');
    const req = this.m.kind[s] === 2 ? (this.m.partner[s] as number) : s;
    const v = this.sol.routeOf[req] as number;
    if (v >= 0 && (this.sol.posOf[req] as number) < this.sol.routes[v]!.nFrozen) {
      throw new InputError('frozen_stop', [{ path: 'id', reason: `stop '${id}' is served or in progress and cannot be removed` }], 'remove');
    }
    if (this.m.partner[req] === -1) {
      if (v >= 0) this.sol.remove(req);
      this.sol.unassigned = this.sol.unassigned.filter((x) => x !== req);
      this.retire(req);
      const moves = v >= 0 ? localRepair(this.sol, [this.sol.routes[v]!], 10) : 0;
      return { vehicle: null, unassigned: [], repairMoves: moves };
    }
    const seqs = this.sequences().map((q) => q.filter((x) => x !== req && x !== this.m.partner[req]));
    const drop = new Set([this.m.stopId[req], this.m.stopId[this.m.partner[req] as number]]);
    const problem: Problem = {
      ...this.problem,
      jobs: this.problem.jobs.filter((j) => !drop.has(j.id)),
      shipments: this.problem.shipments.filter((x) => !drop.has(x.pickup.id)),
    };
    this.rebuild(problem, seqs);
    const moves = v >= 0 ? localRepair(this.sol, [this.sol.routes[v]!], 10) : 0;
    return { vehicle: null, unassigned: [], repairMoves: moves };
  }

  /** Freezes every stop whose service has started by `now`: served or in progress, it stays where it is. */
  advance(now: number): void {
    const json = this.solution();
    const vehicles = this.problem.vehicles.map((veh) => {
      const route = json.routes.find((r) => r.vehicle === veh.id);
      if (!route) return veh;
      const started = route.steps.filter((st) => st.id !== undefined && st.service_start <= now).map((st) => st.id as string);
      return { ...veh, frozen: started };
    });
    this.rebuild({ ...this.problem, vehicles });
  }

  /**
   * The vehicle broke down at `at`: it keeps the stops it finished, ends there, and every other stop is re-planned
   * on the rest of the fleet (cheapest insertion by regret, then a short search of `iterations`).
   */
  vehicleDown(vehicleId: string, at: number, iterations = 200): EventResult {
    const v = this.m.vehicleId.indexOf(vehicleId);
    if (v < 0) throw new InputError('unknown_vehicle', [{ path: 'vehicle', reason: `no vehicle '${vehicleId}'` }], 'vehicle_down');
    const json = this.solution();
    const route = json.routes.find((r) => r.vehicle === vehicleId);
    const done = new Set((route?.steps ?? []).filter((st) => st.id !== undefined && st.departure <= at).map((st) => st.id as string));
    const vehicles = this.problem.vehicles.map((veh) =>
      veh.id === vehicleId ? { ...veh, frozen: [...done], unavailable_from: at, open_end: true } : veh,
    );
    const seqs = this.sequences();
    seqs[v] = (seqs[v] ?? []).filter((s) => done.has(this.m.stopId[s] as string));
    this.rebuild({ ...this.problem, vehicles }, seqs);
    const orphans = this.sol.unassigned;
    this.sol.unassigned = [];
    regretInsert(this.sol, orphans);
    if (iterations > 0) {
      const best = search(this.sol, this.rng, { ...DEFAULT_SEARCH, fleetShare: 0, budget: { iterations } });
      this.sol = best;
    }
    return { vehicle: null, unassigned: this.sol.unassigned.map((s) => ({ id: this.m.stopId[s] as string, reasons: explainUnassigned(this.m, this.sol, s) })), repairMoves: 0 };
  }

  /** Takes a stop's slot out of the model, and any route written through it out of the written routes. */
  private retire(s: number): void {
    retireJob(this.m, s);
    this.written.forget(s);
  }

  private sequences(): number[][] {
    return this.sol.sequences();
  }

  /** Recompiles the model for a changed problem and carries the routes over by stop id. */
  private rebuild(problem: Problem, seqs: number[][] = this.sequences()): void {
    const oldIds = this.m.stopId;
    const m = compile(problem, this.m, SPARE);
    const index = new Map(m.stopId.map((id, i) => [id, i]));
    const plan = seqs.map((q) => q.map((s) => index.get(oldIds[s] as string)).filter((s): s is number => s !== undefined));
    this.problem = problem;
    this.m = m;
    this.sol = fromSequences(m, plan);
  }

  private result(s: number, moves: number): EventResult {
    const v = this.sol.routeOf[s] as number;
    return {
      vehicle: v >= 0 ? (this.m.vehicleId[v] as string) : null,
      unassigned: v >= 0 ? [] : [{ id: this.m.stopId[s] as string, reasons: explainUnassigned(this.m, this.sol, s) }],
      repairMoves: moves,
    };
  }
}

/** A state with the given stop sequences per vehicle (frozen prefixes first); stops not listed are unassigned. */
function fromSequences(m: Model, plan: number[][]): Solution {
  const sol = initialState(m);
  const routed = new Uint8Array(m.nStops);
  for (const r of sol.routes) for (const s of r.nodes) routed[s] = 1;
  for (const r of sol.routes) {
    const extra = (plan[r.v] ?? []).filter((s) => !routed[s]);
    for (const s of extra) routed[s] = 1;
    r.nodes = r.nodes.concat(extra);
    sol.update(r);
  }
  sol.unassigned = m.requests.filter((s) => !routed[s]);
  return sol;
}

/** Reads a solution JSON back into a state for the same problem. */
function adopt(m: Model, plan: SolutionJson): Solution {
  const index = new Map(m.stopId.map((id, i) => [id, i]));
  const byVehicle = new Map(plan.routes.map((r) => [r.vehicle, r]));
  const seqs = m.vehicleId.map((id) => (byVehicle.get(id)?.steps ?? []).filter((st) => st.id !== undefined).map((st) => index.get(st.id as string)).filter((s): s is number => s !== undefined));
  return fromSequences(m, seqs);
}
