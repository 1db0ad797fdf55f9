/** A proposal that requires another: nothing waits for ever on a requirement nobody will decide. */
import { describe, expect, it } from 'vitest';
import { openTinyRuntime } from '../../test/fixtures/tiny-runtime.ts';
import type { Agent } from '../agents/agent.ts';
import { propose } from '../agents/agent.ts';
import type { ActionProposal } from '../domain/index.ts';
import { queryDecisions } from '../ledger/index.ts';
import type { GraphStateValue } from './state.ts';

describe('the gate and proposals that require others', () => {
  it('drops, with a note each, a proposal whose requirement was never proposed, one that required it, and two that require each other', async () => {
    const scripted: Agent = {
      name: 'customer',
      async onEvent(event, deps) {
        const notice = (id: string) => propose('customer', event, deps.clock, {
          kind: 'customer.notify', target: { system: 'notify', type: 'order', id }, payload: { orderId: id }, impact: { costMinor: 0, ordersAffected: 1, slaRisk: 0 },
          confidence: 0.9, explanation: { summary: `notice ${id}`, constraints: [], inputs: {}, alternatives: [] },
        });
        const [orphan, chained, ring1, ring2] = ['o-orphan', 'o-chained', 'o-ring-1', 'o-ring-2'].map(notice) as [ActionProposal, ActionProposal, ActionProposal, ActionProposal];
        return {
          notes: [],
          proposals: [
            { ...orphan, requires: 'prop-never-proposed' }, { ...chained, requires: orphan.id }, { ...ring1, requires: ring2.id }, { ...ring2, requires: ring1.id },
          ],
        };
      },
    };
    const rt = await openTinyRuntime({ customer: scripted });
    rt.send('driver.delivery.failed', { shipmentId: 'shp-o-1', orderId: 'o-1', at: '2026-11-23T10:40:00Z', reasonCode: 'not_home' });
    const [outcome] = await rt.runner.drain();
    expect(outcome!.error).toBeUndefined();
    expect(queryDecisions(rt.store.db, { tenant: 'acme' }).entries).toEqual([]);
    const state = await rt.graph.getState({ configurable: { thread_id: outcome!.threadId } });
    expect(state.next).toEqual([]);
    const values = state.values as GraphStateValue;
    expect(values.proposals).toEqual([]);
    expect(values.notes.filter((n) => n.includes('not sent: it required'))).toHaveLength(4);
  });
});
