/**
 * The copilot eval: questions and commands a dispatcher would type, each with the tool calls (and arguments) it should
 * lead to and the facts the answer must contain, run against the fixed eval day. Reports accuracy by intent and every failure.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError, parseInput } from '../../domain/index.ts';
import type { CopilotEvent } from '../../graph/copilot.ts';
import { ACTING_INTENTS, IntentName } from '../../llm/intent/index.ts';
import type { Scenario } from '../../sandbox/index.ts';
import { resolveCase } from './placeholders.ts';
import { copyDay, EVAL_USERS, openCopilotWorld } from './world.ts';

/** The dataset beside this file. */
export const DEFAULT_CASES = new URL('./cases.jsonl', import.meta.url).pathname;

export const EvalCase = z.object({
  id: z.string().min(1),
  /** The intent the case exercises; `none` for help and what the copilot should not understand. */
  intent: z.union([IntentName, z.literal('none')]),
  message: z.string(),
  /** Who asks (default dispatcher). */
  role: z.enum(['dispatcher', 'finance', 'auditor', 'admin']).default('dispatcher'),
  expect: z.object({
    /** The tool calls, in order; each call's args must hold at least these values. An empty list: no tool may be called. */
    tools: z.array(z.object({ name: z.string(), args: z.record(z.string(), z.unknown()).default({}) })),
  }),
  /** Text the answer must contain (case-insensitive). Message, args and facts may hold placeholders (placeholders.ts). */
  facts: z.array(z.string()),
});
export type EvalCase = z.infer<typeof EvalCase>;

export interface CaseResult {
  id: string;
  intent: string;
  ok: boolean;
  problems: string[];
  answer: string;
  calls: { name: string; args: Record<string, unknown> }[];
  ms: number;
}

/** Reads the JSONL dataset; a bad line is an InputError naming its line and field. */
export function loadCases(file = DEFAULT_CASES): EvalCase[] {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim().length > 0);
  return lines.map((line, i) => {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new InputError('bad_case', [{ path: `line ${i + 1}`, reason: 'not JSON' }]);
    }
    return parseInput(EvalCase, raw, `${file} line ${i + 1}`);
  });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What is wrong with a case's run: calls and arguments against the expectation, facts against the answer. */
export function judge(c: EvalCase, calls: CaseResult['calls'], answer: string): string[] {
  const problems: string[] = [];
  const want = c.expect.tools.map((t) => t.name).join(', ') || '(none)';
  const got = calls.map((t) => t.name).join(', ') || '(none)';
  if (want !== got) problems.push(`tools: expected ${want}, got ${got}`);
  else {
    c.expect.tools.forEach((t, i) => {
      for (const [key, value] of Object.entries(t.args)) {
        if (!same(calls[i]!.args[key], value)) problems.push(`${t.name}.${key}: expected ${JSON.stringify(value)}, got ${JSON.stringify(calls[i]!.args[key])}`);
      }
    });
  }
  const lower = answer.toLowerCase();
  for (const fact of c.facts) if (!lower.includes(fact.toLowerCase())) problems.push(`answer lacks "${fact}"`);
  return problems;
}

/** A case acts when it expects an acting tool or exercises an acting intent: it gets its own copy of the day. */
const acts = (c: EvalCase) => c.intent !== 'none' && (ACTING_INTENTS.has(c.intent) || c.expect.tools.some((t) => ACTING_INTENTS.has(t.name as IntentName)));

/** Runs every case against the played day in `dir`; `env` picks the model (offline when empty). */
export async function runEval(cases: readonly EvalCase[], dir: string, day: Scenario, env: Record<string, string | undefined> = {}): Promise<CaseResult[]> {
  const shared = await openCopilotWorld(copyDay(dir), day, { env, owned: true });
  const results: CaseResult[] = [];
  try {
    // Placeholders read the day as played, before any case acts on a copy of it.
    const source = { store: shared.runtime.store, tenant: day.tenant.id, now: shared.clock.now() };
    for (const raw of cases) {
      let c: EvalCase;
      try {
        c = resolveCase(raw, source);
      } catch (error) {
        // A case about something the agents did not do on this day fails by itself, named; the others still run.
        if (!(error instanceof InputError)) throw error;
        results.push({ id: raw.id, intent: raw.intent, ok: false, problems: [error.message], answer: '', calls: [], ms: 0 });
        continue;
      }
      const world = acts(c) ? await openCopilotWorld(copyDay(dir), day, { env, owned: true, withKnowledge: false }) : shared;
      try {
        const calls: CaseResult['calls'] = [];
        const started = performance.now();
        const answer = await world.copilot.turn({ user: EVAL_USERS[c.role], message: c.message }, (e: CopilotEvent) => {
          if (e.type === 'tool_call') calls.push({ name: e.name, args: e.args });
        });
        const ms = performance.now() - started;
        const problems = judge(c, calls, answer.text);
        results.push({ id: c.id, intent: c.intent, ok: problems.length === 0, problems, answer: answer.text, calls, ms });
      } finally {
        if (world !== shared) world.close();
      }
    }
  } finally {
    shared.close();
  }
  return results;
}

/** Accuracy overall and by intent, then every failure with what was wrong. */
export function report(results: readonly CaseResult[]): string {
  const by = new Map<string, { n: number; ok: number }>();
  for (const r of results) {
    const s = by.get(r.intent) ?? { n: 0, ok: 0 };
    s.n++;
    if (r.ok) s.ok++;
    by.set(r.intent, s);
  }
  const ok = results.filter((r) => r.ok).length;
  const pct = (a: number, n: number) => `${((100 * a) / Math.max(1, n)).toFixed(1)} %`;
  const lines = [`copilot eval: ${ok}/${results.length} correct (${pct(ok, results.length)})`, '', 'by intent:'];
  for (const [intent, s] of [...by.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(`  ${intent.padEnd(20)} ${String(s.ok).padStart(3)}/${String(s.n).padEnd(3)} ${pct(s.ok, s.n)}`);
  const failed = results.filter((r) => !r.ok);
  lines.push('', failed.length === 0 ? 'failures: none' : `failures (${failed.length}):`);
  for (const r of failed) lines.push(`  ${r.id} [${r.intent}]: ${r.problems.join('; ')}\n    answer: ${r.answer.split('\n')[0]!.slice(0, 200)}`);
  return lines.join('\n');
}
