import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../domain/index.ts';
import { openTinySandbox } from '../../../test/fixtures/tiny-sandbox.ts';
import { applyEvent } from '../world/apply.ts';

const T = { tenant: 'acme' };

describe('sandbox telematics', () => {
  it('starts vehicles at their depot and shows a breakdown once the event is applied', async () => {
    const { world, ports } = await openTinySandbox();
    expect((await ports.telematics.getPositions(T)).map((p) => [p.vehicleId, p.status])).toEqual([['v1', 'available'], ['v2', 'available']]);
    applyEvent(world, parseEvent({
      specversion: '1.0', id: 'e1', source: '/sandbox/telematics', type: 'telematics.vehicle.down', time: '2026-11-23T11:00:00Z', tenant: 'acme',
      data: { vehicleId: 'v2', at: '2026-11-23T11:00:00Z', location: { lat: 52.4, lon: 4.91 }, reason: 'breakdown' },
    }));
    expect(await ports.telematics.getVehicle({ ...T, vehicleId: 'v2' })).toMatchObject({ status: 'down', location: { lat: 52.4 }, at: '2026-11-23T11:00:00Z' });
    expect((await ports.telematics.getPositions({ ...T, vehicleIds: ['v1'] })).map((p) => p.status)).toEqual(['available']);
    await expect(ports.telematics.getVehicle({ ...T, vehicleId: 'v9' })).rejects.toThrow(/vehicleId: unknown vehicle 'v9'/);
    await expect(ports.telematics.getPositions({ ...T, vehicleIds: ['v1', 'v9'] })).rejects.toThrow(/vehicleIds\.1: unknown vehicle/);
  });
});

describe('sandbox notify', () => {
  it('sends once per key, fails without a contact for the channel, and retracts with a correction', async () => {
    const { ports } = await openTinySandbox();
    const msg = { ...T, customerId: 'c-shop', orderId: 'o-1', channel: 'sms' as const, template: 'eta' as const, body: 'Arriving 10:40', idempotencyKey: 'eta-o-1-0001' };
    const sent = await ports.notify.send(msg);
    expect(sent.status).toBe('sent');
    expect(await ports.notify.send(msg)).toEqual(sent);
    const failed = await ports.notify.send({ ...msg, customerId: 'c-store', idempotencyKey: 'eta-o-1-0002' });
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'customer has no phone number' });
    const { retracted, correction } = await ports.notify.retract({ ...T, messageId: sent.id, reason: 'the van broke down' });
    expect(retracted.status).toBe('retracted');
    expect(correction).toMatchObject({ template: 'correction', status: 'sent', orderId: 'o-1' });
    expect((await ports.notify.listMessages({ ...T, customerId: 'c-shop' })).map((m) => m.status)).toEqual(['retracted', 'sent']);
    await expect(ports.notify.retract({ ...T, messageId: failed.id, reason: 'x' })).rejects.toThrow(/is failed/);
    await expect(ports.notify.send({ ...msg, body: '', idempotencyKey: 'eta-o-1-0003' })).rejects.toThrow(/notify\.send: body: must not be empty/);
  });
});
