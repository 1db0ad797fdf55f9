/** Small-instance helpers for optimizer tests: points on a plane, Euclidean travel, time = distance. */
import type { ProblemInput, Solution } from './format/schema.ts';
import { solve } from './solve.ts';
import { validate } from './validate.ts';

/** Solves with a fixed seed and a small iteration budget, and checks the plan with the independent validator. */
export function solved(problem: ProblemInput, iterations = 300, seed = 7): Solution {
  const { solution } = solve(problem, { seed, iterations });
  const violations = validate(problem, solution);
  if (violations.length > 0) throw new Error(`validator: ${JSON.stringify(violations)}`);
  return solution;
}

/** Stop ids per vehicle id. */
export function routesOf(s: Solution): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of s.routes) out[r.vehicle] = r.steps.filter((x) => x.id !== undefined).map((x) => x.id as string);
  return out;
}

export function unassignedIds(s: Solution): string[] {
  return s.unassigned.map((u) => u.id).sort();
}

export function base(extra: Partial<ProblemInput> = {}): ProblemInput {
  return { travel: { kind: 'euclidean', speed: 1 }, objective: 'cost', jobs: [], vehicles: [], ...extra };
}
