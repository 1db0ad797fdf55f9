import { describe, expect, it } from 'vitest';
import { tinyOrder } from '../../test/fixtures/tiny-day.ts';
import { openDispatchRuntime } from '../../test/fixtures/tiny-dispatch.ts';
import { openTinyRuntime } from '../../test/fixtures/tiny-runtime.ts';
import { queryDecisions } from '../ledger/index.ts';
import { loadDefaultPolicy } from '../policies/index.ts';
import { customerAgent } from './customer.ts';
import { type ModelFallback, OfflineChatModel, scriptedRules, structuredReply } from '../llm/index.ts';
import { dispatchAgent } from './dispatch.ts';
import { carrierAgent } from './carrier.ts';
import type { Shipment } from '../domain/index.ts';

const T = { tenant: 'acme' };
const dana = { id: 'user:dana', role: 'dispatcher' as const, tenant: 'acme' };

/** A picked shipment of o-1 waiting at `depotId` for a van or a carrier. */
function waiting(depotId: string): Shipment {
  return {
    id: 'shp-o-1', tenant: 'acme', orderIds: ['o-1'], depotId, customerId: 'c-store', destination: { lat: 52.4, lon: 4.95 },
    windows: [{ start: '2026-11-23T10:00:00Z', end: '2026-11-23T12:00:00Z' }], serviceSeconds: 300, load: { weightKg: 40, volumeM3: 0.1, pallets: 0.2 },
    readyAt: '2026-11-23T08:00:00Z', requiredSkills: [], status: 'ready',
  };
}

async function setup() {
  const rt = await openTinyRuntime({ customer: customerAgent });
  await rt.ports.oms.createOrder({ order: tinyOrder('o-1') });
  return rt;
}

/** Carrier and Customer over the tiny day, after `carrierId` rejected the tender of o-1's shipment waiting at `depotId`. */
async function rejectedBy(carrierId: string, depotId: string) {
  const rt = await openTinyRuntime({ carrier: carrierAgent, customer: customerAgent });
  await rt.ports.oms.createOrder({ order: tinyOrder('o-1') });
  rt.store.shipments.put(waiting(depotId));
  rt.send('carrier.tender.rejected', { tenderId: 'tnd-x', carrierId, shipmentId: 'shp-o-1', reason: 'no capacity' });
  await rt.runner.drain();
  return rt;
}

describe('Customer agent', () => {
  it('after a not-home attempt: the order is promised for the same hours next day, and the customer gets an SMS', async () => {
    const rt = await setup();
    rt.send('driver.delivery.failed', { shipmentId: 'shp-o-1', orderId: 'o-1', at: '2026-11-23T10:40:00Z', reasonCode: 'not_home' });
    await rt.runner.drain();
    expect((await rt.ports.oms.getOrder({ ...T, orderId: 'o-1' })).promisedBy).toBe('2026-11-24T12:00:00Z');
    const [sms] = await rt.ports.notify.listMessages({ ...T, orderId: 'o-1' });
    expect(sms).toMatchObject({ channel: 'sms', template: 'failed_attempt', status: 'sent' });
    expect(sms!.body).toBe('We missed you today (not home). We will deliver o-1 again on 2026-11-24 between 10:00 UTC and 12:00 UTC.');
    const kinds = queryDecisions(rt.store.db, { ...T, orderId: 'o-1' }).entries.map((e) => `${e.kind}:${e.level}:${e.outcome}`);
    expect(kinds).toEqual(['delivery.reschedule:L2:executed', 'customer.notify:L3:executed']);
  });

  it('when the last carrier on the lane rejects a shipment no van could take: it moves to the same hours tomorrow, out of today\'s plan, and the customer is told', async () => {
    // From the south depot only steadyco has a lane to the customer's zone.
    const rt = await rejectedBy('steadyco', 'south');
    const kinds = queryDecisions(rt.store.db, { ...T, orderId: 'o-1' }).entries.map((e) => `${e.agent}:${e.kind}:${e.outcome}`);
    expect(kinds).toEqual(['customer:delivery.reschedule:executed', 'customer:customer.notify:executed']);
    const tomorrow = [{ start: '2026-11-24T10:00:00Z', end: '2026-11-24T12:00:00Z' }];
    expect(rt.store.shipments.get('acme', 'shp-o-1')).toMatchObject({ status: 'ready', windows: tomorrow });
    expect((await rt.ports.oms.getOrder({ ...T, orderId: 'o-1' })).promisedBy).toBe('2026-11-24T12:00:00Z');
    const [sms] = await rt.ports.notify.listMessages({ ...T, orderId: 'o-1' });
    expect(sms).toMatchObject({ template: 'reschedule', status: 'sent' });
    expect(sms!.body).toBe('We cannot deliver your order o-1 today as planned: we have no transport capacity left for it. We will deliver it on 2026-11-24 between 10:00 UTC and 12:00 UTC. We are sorry for the change.');

    // A dispatcher who overrides the reschedule gets today's window back.
    const reschedule = queryDecisions(rt.store.db, { ...T, orderId: 'o-1', kind: 'delivery.reschedule' }).entries[0]!;
    rt.governance.override(reschedule.id, dana, 'a van comes back in time for it');
    await rt.runner.deliver();
    expect(rt.store.shipments.get('acme', 'shp-o-1')!.windows).toEqual(waiting('south').windows);
  });

  it('a pick too heavy for every van and every carrier moves to tomorrow at once, and is not moved twice', async () => {
    const rt = await openDispatchRuntime({ dispatch: dispatchAgent, carrier: carrierAgent, customer: customerAgent });
    // 1,200 kg: the vans hold 1,000 kg, and so does every carrier on the lane.
    await rt.pick('o-1', { completedAt: '08:00', load: { weightKg: 1200, volumeM3: 1, pallets: 1 } });
    await rt.runner.drain();
    const kinds = queryDecisions(rt.store.db, { ...T, orderId: 'o-1' }).entries.map((e) => `${e.agent}:${e.kind}:${e.outcome}`);
    expect(kinds).toEqual(['customer:delivery.reschedule:executed', 'customer:customer.notify:executed']);
    expect(rt.store.shipments.get('acme', 'shp-o-1')!.windows).toEqual([{ start: '2026-11-24T10:00:00Z', end: '2026-11-24T12:00:00Z' }]);
    const [reschedule] = queryDecisions(rt.store.db, { ...T, orderId: 'o-1', kind: 'delivery.reschedule' }).entries;
    expect(reschedule!.explanation.summary).toContain('no carrier serves its lane');

    // The next pick's plan leaves it out: it is due tomorrow now, and nobody moves it again.
    await rt.pick('o-2', { completedAt: '08:05' });
    await rt.runner.drain();
    expect(rt.store.plans.current('acme')!.unassigned.map((u) => u.shipmentId)).not.toContain('shp-o-1');
    expect(queryDecisions(rt.store.db, { ...T, kind: 'delivery.reschedule' }).entries).toHaveLength(1);
  });

  it('a rejected shipment another carrier can still take is tendered again, not rescheduled', async () => {
    const rt = await rejectedBy('slowco', 'north');
    const kinds = queryDecisions(rt.store.db, { ...T, shipmentId: 'shp-o-1' }).entries.map((e) => `${e.agent}:${e.kind}:${e.outcome}`);
    expect(kinds).toEqual(['carrier:carrier.tender:executed']);
    expect(rt.store.shipments.get('acme', 'shp-o-1')).toMatchObject({ status: 'tendered', windows: waiting('north').windows });
  });

  it('a reschedule held for a dispatcher holds its notice: the customer hears of the new window once it is approved, never if it is rejected', async () => {
    const policy = loadDefaultPolicy();
    policy.kinds['delivery.reschedule'] = { ...policy.kinds['delivery.reschedule']!, level: 'L1' };
    for (const answer of ['approve', 'reject'] as const) {
      const rt = await openTinyRuntime({ customer: customerAgent }, { policy });
      await rt.ports.oms.createOrder({ order: tinyOrder('o-1') });
      rt.send('driver.delivery.failed', { shipmentId: 'shp-o-1', orderId: 'o-1', at: '2026-11-23T10:40:00Z', reasonCode: 'not_home' });
      await rt.runner.drain();
      const kinds = () => queryDecisions(rt.store.db, { ...T, orderId: 'o-1' }).entries.map((e) => `${e.kind}:${e.outcome}`);
      expect(kinds()).toEqual(['delivery.reschedule:queued']);
      expect(await rt.ports.notify.listMessages({ ...T, orderId: 'o-1' })).toEqual([]);
      const [review] = rt.governance.listReviews('acme', { status: 'pending' });
      if (answer === 'approve') rt.governance.approve(review!.id, dana, { reason: 'tomorrow suits them' });
      else rt.governance.reject(review!.id, dana, { reason: 'we call the customer first' });
      await rt.runner.resumeReview('acme', review!.id);
      const messages = await rt.ports.notify.listMessages({ ...T, orderId: 'o-1' });
      if (answer === 'approve') {
        expect(kinds()).toEqual(['delivery.reschedule:queued', 'delivery.reschedule:approved', 'customer.notify:executed']);
        expect(messages.map((m) => m.template)).toEqual(['failed_attempt']);
        expect(messages[0]!.body).toContain('again on 2026-11-24 between 10:00 UTC and 12:00 UTC');
        const notice = queryDecisions(rt.store.db, { ...T, orderId: 'o-1', kind: 'customer.notify' }).entries[0]!;
        expect(notice.proposal!.requires).toBe(review!.proposal.id);
      } else {
        expect(kinds()).toEqual(['delivery.reschedule:queued', 'delivery.reschedule:rejected']);
        expect(messages).toEqual([]);
        expect((await rt.ports.oms.getOrder({ ...T, orderId: 'o-1' })).promisedBy).toBeUndefined();
      }
      // Nothing is left waiting on the thread, and nothing more goes out on a second look.
      expect(rt.governance.listReviews('acme', { status: 'pending' })).toEqual([]);
      await rt.runner.drain();
      expect((await rt.ports.notify.listMessages({ ...T, orderId: 'o-1' })).length).toBe(messages.length);
    }
  });

  it('a reschedule the gate refuses (Customer may not propose one here) takes its notice with it: the customer is not told of a new window', async () => {
    const policy = loadDefaultPolicy();
    policy.agents.customer = { ...policy.agents.customer, kinds: policy.agents.customer.kinds.filter((k) => k !== 'delivery.reschedule') };
    const rt = await openTinyRuntime({ customer: customerAgent }, { policy });
    await rt.ports.oms.createOrder({ order: tinyOrder('o-1') });
    rt.send('driver.delivery.failed', { shipmentId: 'shp-o-1', orderId: 'o-1', at: '2026-11-23T10:40:00Z', reasonCode: 'not_home' });
    const [outcome] = await rt.runner.drain();
    expect(queryDecisions(rt.store.db, { ...T, orderId: 'o-1' }).entries.map((e) => `${e.kind}:${e.outcome}`)).toEqual(['delivery.reschedule:refused']);
    expect(await rt.ports.notify.listMessages({ ...T, orderId: 'o-1' })).toEqual([]);
    const notes = ((await rt.graph.getState({ configurable: { thread_id: outcome!.threadId } })).values as { notes: string[] }).notes;
    expect(notes).toContainEqual(expect.stringMatching(/customer\.notify .* not sent: it required .*, which did not go out/));
  });

  it('after a refusal: no second attempt, the customer is told the goods go back', async () => {
    const rt = await setup();
    rt.send('driver.delivery.failed', { shipmentId: 'shp-o-1', orderId: 'o-1', at: '2026-11-23T10:40:00Z', reasonCode: 'refused' });
    await rt.runner.drain();
    expect((await rt.ports.oms.getOrder({ ...T, orderId: 'o-1' })).promisedBy).toBeUndefined();
    expect((await rt.ports.notify.listMessages({ ...T, orderId: 'o-1' }))[0]?.body).toContain('The goods go back to our depot');
  });

  it('warns the customer when a carrier ETA slips past the window, and says nothing when it does not', async () => {
    const rt = await setup();
    rt.store.shipments.put({
      id: 'shp-o-1', tenant: 'acme', orderIds: ['o-1'], depotId: 'north', customerId: 'c-store', destination: { lat: 52.4, lon: 4.95 },
      windows: [{ start: '2026-11-23T10:00:00Z', end: '2026-11-23T12:00:00Z' }], serviceSeconds: 300, load: { weightKg: 4, volumeM3: 0.01, pallets: 0.04 }, requiredSkills: [], status: 'tendered',
    });
    rt.send('carrier.status', { carrierId: 'fastco', shipmentId: 'shp-o-1', status: 'in_transit', at: '2026-11-23T10:00:00Z', eta: '2026-11-23T11:30:00Z' });
    rt.send('carrier.status', { carrierId: 'fastco', shipmentId: 'shp-o-1', status: 'in_transit', at: '2026-11-23T11:00:00Z', eta: '2026-11-23T12:45:00Z' });
    await rt.runner.drain();
    const messages = await rt.ports.notify.listMessages({ ...T, orderId: 'o-1' });
    expect(messages.map((m) => [m.template, m.channel])).toEqual([['delay', 'email']]);
    expect(messages[0]!.body).toContain('now expected at 12:45 UTC instead of by 12:00 UTC');
  });

  it('tells the customer the ETA once the shipment is on a van', async () => {
    const rt = await openDispatchRuntime({ dispatch: dispatchAgent, customer: customerAgent });
    await rt.pick('o-1', { completedAt: '08:00' });
    await rt.runner.drain();
    const [sms] = await rt.ports.notify.listMessages({ ...T, orderId: 'o-1' });
    expect(sms).toMatchObject({ channel: 'sms', template: 'eta', status: 'sent' });
    expect(sms!.body).toBe('Your order o-1 is planned for delivery on 2026-11-23 at about 10:00 UTC, within your window 10:00 UTC–12:00 UTC.');
  });

  it('says nothing while no van has the shipment', async () => {
    const rt = await openDispatchRuntime({ customer: customerAgent });
    await rt.pick('o-1', { completedAt: '08:00' });
    await rt.runner.drain();
    expect(await rt.ports.notify.listMessages({ ...T, orderId: 'o-1' })).toEqual([]);
  });

  it('after a van goes down: a customer whose ETA moved hears the new one; one whose ETA held hears nothing more', async () => {
    const rt = await openDispatchRuntime({ dispatch: dispatchAgent, customer: customerAgent });
    const window = (from: string) => [{ start: `2026-11-23T${from}:00Z`, end: '2026-11-23T12:00:00Z' }];
    await rt.pick('o-1', { completedAt: '08:00', order: { windows: window('09:00') } });
    await rt.pick('o-2', { completedAt: '08:00', order: { windows: window('11:00'), customerId: 'c-store' } });
    await rt.runner.drain();
    const van = rt.store.shipments.require('acme', 'shp-o-1').vehicleId!;
    // Down at 08:50 while waiting for o-1's window: the other van can leave 09:10, once the goods are reloaded.
    rt.setTime('08:50');
    const down = { vehicleId: van, at: rt.at('08:50'), location: { lat: 52.38, lon: 4.92 }, reason: 'breakdown' as const };
    rt.send('telematics.vehicle.down', down, 'evt-down');
    await rt.runner.drain();
    const o1 = await rt.ports.notify.listMessages({ ...T, orderId: 'o-1' });
    expect(o1.map((m) => m.template)).toEqual(['eta', 'eta']);
    expect(o1[1]!.body).toBe('Your delivery o-1 is now expected at 09:17 UTC instead of 09:00 UTC, still within your window 09:00 UTC–12:00 UTC.');
    expect((await rt.ports.notify.listMessages({ ...T, orderId: 'o-2' })).map((m) => m.template)).toEqual(['eta']);
    expect(rt.store.etas.get('acme', 'shp-o-1')!.eta).toBe('2026-11-23T09:17:25Z');

    // Customer runs again for the same event, as it does after each approval in its run: the moved ETA is not sent
    // twice (a wave's approvals sent one customer the same SMS 14 times).
    const again = await customerAgent.onEvent({ specversion: '1.0', id: 'evt-down', source: '/test', type: 'telematics.vehicle.down', time: '2026-11-23T08:00:00Z', tenant: 'acme', data: down }, rt);
    expect(again.proposals).toEqual([]);
  });

  it('with a model, the customer gets its wording when it keeps the facts, and the log names the model', async () => {
    const worded = 'Sorry we missed you (not home)! Order o-1 comes again on 2026-11-24, 10:00 UTC to 12:00 UTC.';
    const log: ModelFallback[] = [];
    const llm = { model: new OfflineChatModel(scriptedRules(structuredReply({ body: worded }))), modelId: 'test-model', log: (e: ModelFallback) => log.push(e) };
    const rt = await openTinyRuntime({ customer: customerAgent }, { llm });
    await rt.ports.oms.createOrder({ order: tinyOrder('o-1') });
    rt.send('driver.delivery.failed', { shipmentId: 'shp-o-1', orderId: 'o-1', at: '2026-11-23T10:40:00Z', reasonCode: 'not_home' });
    await rt.runner.drain();
    expect((await rt.ports.notify.listMessages({ ...T, orderId: 'o-1' }))[0]!.body).toBe(worded);
    const notice = queryDecisions(rt.store.db, { ...T, kind: 'customer.notify' }).entries[0]!;
    expect(notice.model).toBe('test-model');
    expect(notice.explanation.inputs).toMatchObject({ wordedBy: 'test-model', draft: expect.stringContaining('We missed you today') });
    expect(log).toEqual([]);
  });
});
