/** `marshal solve FILE`: solves a JSON routing problem (or a Solomon .txt instance) and prints the solution JSON. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MarshalError } from '../../domain/errors.ts';
import { explainPlan, parseSolomon, solve } from '../../optimizer/index.ts';
import type { Command } from '../command.ts';

const HELP = `usage: marshal solve FILE [--seed N] [--iterations N | --time-limit S] [--explain]

Reads a routing problem in Marshal's JSON format (jobs, shipments, vehicles, travel; seconds and metres;
[start, end] windows) or a Solomon-format .txt instance, solves it and prints the solution JSON: routes with
timed steps, a cost summary, and unassigned stops with reason codes.

  --seed N          random seed (default 1); with --iterations the plan is reproducible
  --iterations N    improvement iterations (default 2000)
  --time-limit S    search for S seconds instead (anytime, not reproducible)
  --explain         add binding constraints per route and reasons per unassigned stop
`;

function fail(io: { err(t: string): void }, text: string): number {
  io.err(`marshal solve: ${text}`);
  return 2;
}

export const solveCommand: Command = {
  name: 'solve',
  summary: 'solve a routing problem file and print the solution JSON',
  help: HELP,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: { seed: { type: 'string' }, iterations: { type: 'string' }, 'time-limit': { type: 'string' }, explain: { type: 'boolean' } },
      });
    } catch (e) {
      return fail(io, e instanceof Error ? e.message : String(e));
    }
    const { values, positionals } = parsed;
    const file = positionals[0];
    if (!file || positionals.length > 1) return fail(io, 'give exactly one problem FILE');
    if (values.iterations !== undefined && values['time-limit'] !== undefined) return fail(io, 'give --iterations or --time-limit, not both');
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    if (!Number.isInteger(seed)) return fail(io, `--seed: must be a whole number, got '${values.seed}'`);
    const iterations = values.iterations === undefined ? undefined : Number(values.iterations);
    if (iterations !== undefined && (!Number.isInteger(iterations) || iterations < 0)) return fail(io, `--iterations: must be a whole number, got '${values.iterations}'`);
    const limit = values['time-limit'] === undefined ? undefined : Number(values['time-limit']);
    if (limit !== undefined && !(limit > 0)) return fail(io, `--time-limit: must be a positive number of seconds, got '${values['time-limit']}'`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      return fail(io, `${file}: cannot read (${e instanceof Error ? e.message : String(e)})`);
    }
    let input: unknown;
    try {
      input = file.toLowerCase().endsWith('.txt') ? parseSolomon(text).problem : JSON.parse(text);
    } catch (e) {
      return fail(io, `${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      const opts = limit !== undefined ? { seed, timeLimitMs: limit * 1000, now: () => performance.now() } : { seed, iterations: iterations ?? 2000 };
      const result = solve(input, opts);
      const out = values.explain ? { ...result.solution, explanation: explainPlan(result.model, result.solution) } : result.solution;
      io.out(JSON.stringify(out, null, 2));
      return 0;
    } catch (e) {
      if (e instanceof MarshalError && e.fault === 'input') return fail(io, `${file}: ${e.message}`);
      throw e;
    }
  },
};
