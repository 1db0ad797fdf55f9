import { describe, expect, it } from 'vitest';
import { tinyOrder } from '../../test/fixtures/tiny-day.ts';
import { ManualClock } from '../domain/index.ts';
import { openStore } from '../store/index.ts';
import { openInbox } from './inbox.ts';

const event = (id: string, over: Record<string, unknown> = {}) => ({
  specversion: '1.0', id, source: '/oms', type: 'oms.order.created', time: '2026-11-23T07:00:00Z', tenant: 'acme', data: { order: tinyOrder(`o-${id}`) }, ...over,
});

describe('inbox', () => {
  it('stores an event once; a redelivery is a duplicate', () => {
    const store = openStore(':memory:', { clock: new ManualClock(1_795_000_000) });
    const inbox = openInbox(store.db, store.clock);
    const first = inbox.accept(event('e1'));
    expect(first.duplicate).toBe(false);
    expect(inbox.accept(event('e1'))).toEqual({ seq: first.seq, duplicate: true });
    expect(inbox.accept(event('e1', { source: '/other' })).duplicate).toBe(false);
    expect(inbox.counts().pending).toBe(2);
  });

  it('hands out pending events in arrival order with their correlation key, and forgets processed ones', () => {
    const store = openStore(':memory:', { clock: new ManualClock(1_795_000_000) });
    const inbox = openInbox(store.db, store.clock);
    inbox.accept(event('e1'));
    inbox.accept(event('e2', { type: 'telematics.vehicle.down', data: { vehicleId: 'v1', at: '2026-11-23T09:00:00Z', location: { lat: 52, lon: 4 }, reason: 'breakdown' } }));
    const [a, b] = inbox.pending();
    expect([a?.correlationKey, b?.correlationKey]).toEqual(['order:o-e1', 'vehicle:v1']);
    inbox.done(a!.seq);
    inbox.failed(b!.seq, 'boom');
    expect(inbox.pending()).toEqual([]);
    expect(inbox.counts()).toEqual({ pending: 0, done: 1, failed: 1 });
  });

  it('refuses a malformed event naming the field, and stores nothing', () => {
    const store = openStore(':memory:', { clock: new ManualClock(1_795_000_000) });
    const inbox = openInbox(store.db, store.clock);
    const { id: _id, ...noId } = event('e1');
    expect(() => inbox.accept(noId)).toThrow(/id: is required/);
    expect(inbox.counts()).toEqual({ pending: 0, done: 0, failed: 0 });
  });
});
