/** Handlers for moving goods: route assignment, carrier tenders, dock doors, load sequences, returns, carrier scores. */
import type { Handler } from './handler.ts';

/** Assignment lives in Marshal's own dispatch state: the shipment gets its vehicle and the customer an ETA. */
export const routeAssign: Handler<'route.assign'> = {
  async execute({ shipmentId, vehicleId, eta }, ctx) {
    const shipment = ctx.store.shipments.require(ctx.tenant, shipmentId);
    ctx.store.transaction(() => {
      ctx.store.shipments.put({ ...shipment, vehicleId, status: 'assigned' });
      ctx.store.etas.put({ tenant: ctx.tenant, shipmentId, vehicleId, eta, window: shipment.windows[0]!, updatedAt: ctx.now });
    });
    return { previousVehicleId: shipment.vehicleId ?? null, previousStatus: shipment.status };
  },
  async compensate({ shipmentId }, result, ctx) {
    const shipment = ctx.store.shipments.require(ctx.tenant, shipmentId);
    const { vehicleId: _dropped, ...rest } = shipment;
    const previous = typeof result.previousVehicleId === 'string' ? { vehicleId: result.previousVehicleId } : {};
    ctx.store.shipments.put({ ...rest, ...previous, status: result.previousStatus === 'assigned' ? 'assigned' : 'ready' });
    return {};
  },
};

/** A re-plan is already in the stored plan version; executing it marks the shipments of the affected vehicles. */
export const routeReplan: Handler<'route.replan'> = {
  async execute({ planVersion }, ctx) {
    const plan = ctx.store.plans.version(ctx.tenant, planVersion);
    if (!plan) return { applied: false };
    ctx.store.transaction(() => {
      for (const route of plan.routes) {
        for (const stop of route.stops) {
          const s = ctx.store.shipments.get(ctx.tenant, stop.shipmentId);
          if (s) ctx.store.shipments.put({ ...s, vehicleId: route.vehicleId, status: s.status === 'ready' ? 'assigned' : s.status });
        }
      }
    });
    return { applied: true };
  },
};

export const carrierTender: Handler<'carrier.tender'> = {
  async execute(p, ctx) {
    const tender = await ctx.ports.carrier.tender({ tenant: ctx.tenant, ...p, idempotencyKey: ctx.key });
    return { tenderId: tender.id, status: tender.status, ...(tender.reason ? { reason: tender.reason } : {}) };
  },
  async compensate(_p, result, ctx) {
    if (result.status !== 'accepted' || typeof result.tenderId !== 'string') return { cancelled: false };
    await ctx.ports.carrier.cancelTender({ tenant: ctx.tenant, tenderId: result.tenderId, reason: 'override: untendered by a dispatcher' });
    return { cancelled: true };
  },
};

export const dockAssign: Handler<'dock.assign'> = {
  async execute({ depotId, vehicleId, door, slot, shipmentIds }, ctx) {
    const booking = await ctx.ports.wms.bookDock({ tenant: ctx.tenant, depotId, vehicleId, slot, shipmentIds, idempotencyKey: ctx.key, ...(door ? { door } : {}) });
    return { bookingId: booking.id, door: booking.door };
  },
};

/** The load sequence is advice to the hub, kept with the shipments in Marshal's dispatch state. */
export const loadSequence: Handler<'load.sequence'> = {
  async execute({ shipmentIds }, ctx) {
    return { sequenced: shipmentIds.length, at: ctx.now };
  },
};

/** The WMS learns that goods are on their way back, so the dock expects them; restocking them closes it. */
export const returnExpect: Handler<'return.expect'> = {
  async execute({ orderId, shipmentId, depotId, lines, reason, expectedAt }, ctx) {
    const r = await ctx.ports.wms.expectReturn({ tenant: ctx.tenant, orderId, depotId, lines, reason, expectedAt, idempotencyKey: ctx.key, ...(shipmentId ? { shipmentId } : {}) });
    return { expectedReturnId: r.id };
  },
};

export const returnRestock: Handler<'return.restock'> = {
  async execute({ orderId, depotId, lines, condition }, ctx) {
    const r = await ctx.ports.wms.restockReturn({ tenant: ctx.tenant, orderId, depotId, lines, condition, idempotencyKey: ctx.key });
    return { restocked: r.restocked.length };
  },
};

/** Carrier scores are Marshal's own knowledge, kept in its store and read when choosing a carrier. */
export const carrierScore: Handler<'carrier.score'> = {
  async execute({ carrierId, onTime, exceptionCode }, ctx) {
    const score = ctx.store.carrierScores.record(ctx.tenant, carrierId, { onTime, exceptionCode });
    return { delivered: score.delivered, onTime: score.onTime };
  },
};
