import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock, type MarshalEvent, toEpochSeconds } from '../../domain/index.ts';
import { openRuntime } from '../../graph/runtime.ts';
import { loadDefaultPolicy } from '../../policies/index.ts';
import { generateScenario, serializeScenario } from '../../sandbox/generator/index.ts';
import { main } from '../main.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), isTty: false });
  return { code, out, err };
}

/** A small generated day, its first 40 events played through the runtime, as `marshal start` leaves a data directory. */
async function dataDir(strictPolicy = false): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'marshal-chat-'));
  const text = serializeScenario(generateScenario({ seed: 3, orders: 20, depots: 2, vehicles: 4 }));
  writeFileSync(join(dir, 'sandbox-day.json'), text);
  const day = JSON.parse(text) as { events: MarshalEvent[] };
  const clock = new ManualClock(toEpochSeconds(day.events[0]!.time));
  const policy = structuredClone(loadDefaultPolicy());
  // A policy other than the default, as `marshal start --policy FILE` would run under.
  if (strictPolicy) policy.kinds['carrier.tender'].level = 'L1';
  const rt = openRuntime(dir, JSON.parse(text), clock, { policy, policySource: strictPolicy ? 'strict.json' : 'default' });
  for (const [i, event] of day.events.slice(0, 40).entries()) {
    if (toEpochSeconds(event.time) > clock.now()) clock.set(toEpochSeconds(event.time));
    await rt.ingest(event, i);
  }
  rt.close();
  return dir;
}

describe('marshal chat', () => {
  it('answers one question from a running day, tool calls on stderr, the answer on stdout', async () => {
    const dir = await dataDir(true);
    const entries = () => {
      const db = new Database(join(dir, 'marshal.db'), { readonly: true });
      const n = db.prepare('SELECT count(*) FROM decision_log').pluck().get();
      db.close();
      return n;
    };
    const before = entries();
    const r = await run('chat', 'which vans are available at dc-n?', '--data', dir);
    // A question logs nothing, not even the policy: chat runs under the policy the day was started with.
    expect(entries()).toBe(before);
    expect(r.code).toBe(0);
    expect(r.err).toContain('· fleet_status {"depotId":"dc-n","status":"available"}');
    expect(r.out).toMatch(/^Fleet as of \d\d:\d\d UTC: \d+ vehicle\(s\)/);
    const unclear = await run('chat', 'make it so', '--data', dir);
    expect(unclear.out).toContain('I did not understand that, so I did nothing');
  }, 60_000);

  it('refuses, naming the field: no running day, an empty or too long question, an unknown conversation', async () => {
    expect(await run('chat', 'hi', '--data', join(tmpdir(), 'no-such-marshal-dir'))).toMatchObject({ code: 1, err: expect.stringContaining('--data:') });
    const dir = await dataDir();
    expect(await run('chat', '  ', '--data', dir)).toMatchObject({ code: 1, err: expect.stringContaining('message: must not be empty') });
    expect(await run('chat', 'x'.repeat(100_000), '--data', dir)).toMatchObject({ code: 1, err: expect.stringContaining('message: must be at most 8000 characters') });
    expect(await run('chat', 'hi', '--conversation', 'conv-nope', '--data', dir)).toMatchObject({ code: 1, err: expect.stringContaining("conversationId: unknown conversation 'conv-nope'") });
  }, 60_000);
});
