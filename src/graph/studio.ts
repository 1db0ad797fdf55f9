/** The graph LangGraph Studio and the LangGraph CLI open (see langgraph.json): Marshal's agents over a generated sandbox day. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, toEpochSeconds } from '../domain/index.ts';
import { DEFAULT_POLICY_PATH, loadDefaultPolicy } from '../policies/index.ts';
import { generateScenario } from '../sandbox/generator/index.ts';
import { openRuntime } from './runtime.ts';

/** A graph factory: each call opens a fresh sandbox in a temporary directory, so Studio runs never touch real data. */
export async function graph() {
  const day = generateScenario({ seed: 7, orders: 100, depots: 2, vehicles: 10 });
  const clock = new ManualClock(toEpochSeconds(day.events[0]?.time ?? `${day.date}T00:00:00Z`));
  const runtime = openRuntime(mkdtempSync(join(tmpdir(), 'marshal-studio-')), day, clock, { policy: loadDefaultPolicy(), policySource: DEFAULT_POLICY_PATH });
  return runtime.graph;
}
