/**
 * The fixed sandbox day the copilot is evaluated and benchmarked on: generated with the seeded generator, played
 * through the full agent runtime (agents, gate, log), then frozen at its last event. Same seed, same day, same answers.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../governance/index.ts';
import { ManualClock, type MarshalEvent, toEpochSeconds } from '../../domain/index.ts';
import { type CopilotService, openCopilotService } from '../../graph/copilot-service.ts';
import { openRuntime, type Runtime } from '../../graph/runtime.ts';
import { type Knowledge, lexicalEmbedder, openKnowledge } from '../../knowledge/index.ts';
import type { ModelFallback } from '../../llm/index.ts';
import { loadDefaultPolicy } from '../../policies/index.ts';
import { generateScenario, serializeScenario } from '../../sandbox/generator/index.ts';
import { Scenario } from '../../sandbox/index.ts';

/** The day the copilot eval is written against: change it and the dataset's facts must be checked again. */
export const EVAL_DAY = { seed: 7, orders: 120, depots: 2, vehicles: 20 } as const;
/**
 * The day is played up to here and the copilot's clock stands here: after the 12:02 breakdown, with reviews still
 * inside their deadlines, ETAs live and windows open.
 */
export const EVAL_FREEZE = '2026-11-23T14:00:00Z';

/** The eval day as the generator writes it (and as a day file reads back). */
export function evalDay(): Scenario {
  return Scenario.parse(JSON.parse(serializeScenario(generateScenario({ ...EVAL_DAY }))));
}

/** Keys of the eval's users, one per role. */
export const EVAL_USERS: Record<'dispatcher' | 'finance' | 'auditor' | 'admin', Actor> = {
  dispatcher: { id: 'user:dana', role: 'dispatcher', tenant: 'acme' },
  finance: { id: 'user:fiona', role: 'finance', tenant: 'acme' },
  auditor: { id: 'user:audrey', role: 'auditor', tenant: 'acme' },
  admin: { id: 'user:ada', role: 'admin', tenant: 'acme' },
};

export interface CopilotWorld {
  dir: string;
  day: Scenario;
  clock: ManualClock;
  runtime: Runtime;
  knowledge: Knowledge | undefined;
  copilot: CopilotService;
  fallbacks: ModelFallback[];
  close(): void;
}

/** Plays the eval day up to EVAL_FREEZE into `dir` (a new temporary directory by default): every event through the runtime. */
export async function playEvalDay(dir = mkdtempSync(join(tmpdir(), 'marshal-copilot-'))): Promise<{ dir: string; day: Scenario }> {
  const day = evalDay();
  const clock = new ManualClock(toEpochSeconds(day.events[0]!.time));
  const until = toEpochSeconds(EVAL_FREEZE);
  const runtime = openRuntime(dir, day, clock, { policy: loadDefaultPolicy(), policySource: 'default' });
  try {
    for (let i = 0; i < day.events.length; i++) {
      const event = day.events[i] as MarshalEvent;
      const at = toEpochSeconds(event.time);
      if (at > until) break;
      if (at > clock.now()) clock.set(at);
      await runtime.ingest(event, i);
    }
  } finally {
    runtime.close();
  }
  return { dir, day };
}

/** A copy of a played day's databases in a new directory, so a case that acts leaves the original as it was. */
export function copyDay(from: string): string {
  const to = mkdtempSync(join(tmpdir(), 'marshal-copilot-case-'));
  for (const f of ['marshal.db', 'sandbox.db']) cpSync(join(from, f), join(to, f));
  return to;
}

/** Opens the copilot over a played day in `dir`, the clock at EVAL_FREEZE; `env` chooses the model (offline by default). */
export async function openCopilotWorld(dir: string, day: Scenario, options: { env?: Record<string, string | undefined>; owned?: boolean; withKnowledge?: boolean } = {}): Promise<CopilotWorld> {
  const clock = new ManualClock(toEpochSeconds(EVAL_FREEZE));
  const runtime = openRuntime(dir, day, clock, { policy: loadDefaultPolicy(), policySource: 'default' });
  // A world for one acting case skips the index: building it is most of the cost of opening one.
  const knowledge = options.withKnowledge === false ? undefined : await openKnowledge({ db: runtime.store.db, embedder: lexicalEmbedder(), dir: null });
  const fallbacks: ModelFallback[] = [];
  const copilot = openCopilotService({
    store: runtime.store, ports: runtime.ports, clock, governance: runtime.governance, runner: runtime.runner, tenant: day.tenant.id,
    carriers: day.carriers, depots: day.depots, ...(knowledge ? { knowledge } : {}), env: options.env ?? {}, log: (e) => fallbacks.push(e), model: { maxRetries: 0 },
  });
  return {
    dir, day, clock, runtime, knowledge, copilot, fallbacks,
    close() {
      knowledge?.close();
      runtime.close();
      if (options.owned) rmSync(dir, { recursive: true, force: true });
    },
  };
}
