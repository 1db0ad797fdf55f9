/** New orders waiting in the inbox run as one graph run, each decided as it would have been on its own. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tinyDay, tinyOrder } from '../../test/fixtures/tiny-day.ts';
import { ManualClock, type MarshalEvent, toEpochSeconds } from '../domain/index.ts';
import { queryDecisions } from '../ledger/index.ts';
import { loadDefaultPolicy } from '../policies/index.ts';
import { openRuntime } from './runtime.ts';

const at = (hhmm: string) => `2026-11-23T${hhmm}:00Z`;
const IDS = ['o-1', 'o-2', 'o-3', 'o-4'];

/** Creates the orders (4 milk each, 10 pickable) and runs them, together or one drain each. */
async function ordersRun(together: boolean) {
  const clock = new ManualClock(toEpochSeconds(at('07:00')));
  const rt = openRuntime(mkdtempSync(join(tmpdir(), 'marshal-order-wave-')), tinyDay(), clock, { policy: loadDefaultPolicy(), policySource: 'default' });
  const outcomes = [];
  for (const id of IDS) {
    const order = tinyOrder(id, { createdAt: at('07:00') });
    await rt.ports.oms.createOrder({ order });
    rt.inbox.accept({ specversion: '1.0', id: `evt-${id}`, source: '/acme', type: 'oms.order.created', time: at('07:00'), tenant: 'acme', data: { order } } as MarshalEvent);
    if (!together) outcomes.push(...await rt.runner.drain());
  }
  if (together) outcomes.push(...await rt.runner.drain());
  const decided = IDS.map((orderId) => queryDecisions(rt.store.db, { tenant: 'acme', orderId, agent: 'capacity' }).entries
    .map((e) => ({ kind: e.kind, outcome: e.outcome, constraints: e.explanation.constraints })));
  return { rt, outcomes, decided };
}

describe('a batch of new orders', () => {
  it('runs as one graph run, and each order is released, split or held as if it had run alone', async () => {
    const alone = await ordersRun(false);
    const batch = await ordersRun(true);
    expect(new Set(alone.outcomes.map((o) => o.threadId)).size).toBe(IDS.length);
    expect(batch.outcomes).toHaveLength(IDS.length);
    expect(new Set(batch.outcomes.map((o) => o.threadId)).size).toBe(1);
    // 10 milk pickable: two orders of 4 take 8; the next two can ship only the 2 left (a split waits for review).
    expect(batch.decided.map((d) => d.map((x) => `${x.kind}:${x.outcome}`))).toEqual([
      ['order.release:executed'], ['order.release:executed'], ['order.split:queued'], ['order.split:queued'],
    ]);
    // Stock and the day's demand read as each order saw them on its own.
    expect(batch.decided).toEqual(alone.decided);
    expect((await batch.rt.ports.wms.getPickableStock({ tenant: 'acme', depotId: 'north', sku: 'milk' })).pickable)
      .toBe((await alone.rt.ports.wms.getPickableStock({ tenant: 'acme', depotId: 'north', sku: 'milk' })).pickable);
  });
});
