/** Solves a problem: parse, compile, regret construction, anytime search, explanation of what stays unassigned. */
import { createRng } from '../domain/random.ts';
import { regretInsert } from './construction/recreate.ts';
import { explainUnassigned } from './explain.ts';
import { toSolutionJson } from './format/output.ts';
import { parseProblem } from './format/parse.ts';
import type { ProblemInput, Solution as SolutionJson } from './format/schema.ts';
import { compile } from './model/problem.ts';
import type { Model } from './model/problem.ts';
import { Solution } from './model/solution.ts';
import { DEFAULT_SEARCH, search } from './search.ts';
import type { Budget } from './search.ts';

export interface SolveOptions {
  /** Seeds every random choice: same input, seed and iteration budget give the same plan. */
  seed?: number | string;
  /** Iteration budget (reproducible). Used when no time limit is given; default 2,000. */
  iterations?: number;
  /** Time limit in milliseconds (anytime, not reproducible); needs `now`. */
  timeLimitMs?: number;
  /** Elapsed milliseconds from any origin, e.g. `performance.now`. */
  now?: () => number;
  /** Largest share of the budget for removing vehicles (objective `vehicles`). */
  fleetShare?: number;
}

export interface SolveResult {
  solution: SolutionJson;
  model: Model;
  state: Solution;
  iterations: number;
}

export { parseProblem };

/** The initial state: frozen prefixes in place, everything else unassigned. */
export function initialState(m: Model): Solution {
  const sol = new Solution(m);
  const placed = new Uint8Array(m.nStops);
  for (const r of sol.routes) {
    const frozen = m.frozen[r.v] ?? [];
    r.nodes = frozen.slice();
    for (const s of frozen) placed[s] = 1;
    r.nFrozen = frozen.length;
    // A shipment picked up already (frozen pickup) must be delivered by the same vehicle, after its prefix.
    for (const s of frozen) {
      const d = m.partner[s] as number;
      if (m.kind[s] === 1 && d >= 0 && !placed[d]) { r.nodes.push(d); placed[d] = 1; }
    }
    sol.update(r);
  }
  for (const s of m.requests) if (!placed[s]) sol.unassigned.push(s);
  return sol;
}

/** Builds a plan by regret insertion and improves it within the budget. */
export function solveModel(m: Model, opt: SolveOptions = {}): { state: Solution; iterations: number } {
  const rng = createRng(opt.seed ?? 1);
  const started = opt.now ? opt.now() : 0;
  const sol = initialState(m);
  const todo = sol.unassigned;
  sol.unassigned = [];
  regretInsert(sol, todo);
  const budget: Budget =
    opt.timeLimitMs !== undefined && opt.now
      ? { timeLimitMs: Math.max(0, opt.timeLimitMs - (opt.now() - started)), now: opt.now } : { iterations: opt.iterations ?? 2000 };
  const counter = { it: 0 };
  const best = search(sol, rng, { ...DEFAULT_SEARCH, fleetShare: opt.fleetShare ?? DEFAULT_SEARCH.fleetShare, budget }, counter);
  return { state: best, iterations: counter.it };
}

/** Solves a JSON problem and returns the solution JSON with reasons for every unassigned stop. */
export function solve(input: ProblemInput | unknown, opt: SolveOptions = {}): SolveResult {
  const problem = parseProblem(input);
  const m = compile(problem);
  const { state, iterations } = solveModel(m, opt);
  const solution = toSolutionJson(m, state, (s) => explainUnassigned(m, state, s));
  return { solution, model: m, state, iterations };
}
