/** The plan and an order's status across systems: what Marshal planned, and what each system of record says. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Ports } from '../connectors/index.ts';
import { type Plan, parseInput } from '../domain/index.ts';
import { queryDecisions } from '../ledger/index.ts';
import type { Store } from '../store/index.ts';
import { actorOf, type ApiEnv, READERS, requireRole } from './context.ts';

/** The plan as GeoJSON: a LineString per route through its stops, and a Point per stop with its times. */
export function planToGeoJson(plan: Plan) {
  return {
    type: 'FeatureCollection' as const,
    features: plan.routes.flatMap((route) => [
      {
        type: 'Feature' as const,
        properties: { kind: 'route', vehicleId: route.vehicleId, departAt: route.departAt, returnAt: route.returnAt, distanceM: route.distanceM, stops: route.stops.length },
        geometry: { type: 'LineString' as const, coordinates: route.stops.map((s) => [s.location.lon, s.location.lat]) },
      },
      ...route.stops.map((s, i) => ({
        type: 'Feature' as const,
        properties: { kind: 'stop', vehicleId: route.vehicleId, sequence: i + 1, shipmentId: s.shipmentId, arrivalAt: s.arrivalAt, eta: s.eta, status: s.status },
        geometry: { type: 'Point' as const, coordinates: [s.location.lon, s.location.lat] },
      })),
    ]),
  };
}

/** The plan as Marshal's JSON or as GeoJSON for a map. */
export const PlanQuery = z.object({ format: z.enum(['json', 'geojson']).default('json') });

/** Routes under /v1 for the plan and cross-system order status. */
export function planRoutes(store: Store, ports: Ports): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/plan', (c) => {
    const actor = actorOf(c);
    requireRole(actor, READERS, 'reading the plan');
    const { format } = parseInput(PlanQuery, c.req.query(), 'query');
    const plan = store.plans.current(actor.tenant);
    if (!plan) return c.json({ tenant: actor.tenant, plan: null });
    return format === 'geojson' ? c.json(planToGeoJson(plan)) : c.json({ tenant: actor.tenant, plan });
  });
  app.get('/orders/:id/status', async (c) => {
    const actor = actorOf(c);
    requireRole(actor, READERS, 'reading orders');
    const t = actor.tenant;
    const orderId = c.req.param('id');
    const oms = await ports.oms.getOrder({ tenant: t, orderId });
    const shipments = store.shipments.list(t, { limit: 1000 }).items.filter((s) => s.orderIds.includes(orderId));
    const [wms, erp, messages] = await Promise.all([
      ports.wms.listTasks({ tenant: t, orderId }),
      ports.erp.listPostings({ tenant: t, orderId }),
      ports.notify.listMessages({ tenant: t, orderId }),
    ]);
    return c.json({
      orderId,
      oms: { status: oms.status, promisedBy: oms.promisedBy ?? null, windows: oms.windows },
      wms: { tasks: wms.map((x) => ({ id: x.id, sku: x.sku, qty: x.qty, picked: x.picked, status: x.status })) },
      dispatch: shipments.map((s) => ({ shipmentId: s.id, status: s.status, vehicleId: s.vehicleId ?? null, carrierId: s.carrierId ?? null, eta: store.etas.get(t, s.id)?.eta ?? null })),
      erp: { postings: erp.map((p) => ({ id: p.id, type: p.body.type, postedAt: p.postedAt })) },
      customer: { messages: messages.map((m) => ({ id: m.id, template: m.template, status: m.status, sentAt: m.sentAt })) },
      decisions: queryDecisions(store.db, { tenant: t, orderId, limit: 1000 }).entries.map((e) => ({ id: e.id, at: e.at, kind: e.kind, level: e.level, outcome: e.outcome, summary: e.explanation.summary })),
    });
  });
  return app;
}
