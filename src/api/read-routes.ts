/** Read-only views of Marshal's dispatch state: orders and fleet. */
import { Hono } from 'hono';
import { z } from 'zod';
import { Id, OrderStatus, parseInput, VehicleStatus } from '../domain/index.ts';
import { MAX_PAGE, type Store } from '../store/index.ts';

const Paging = {
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_PAGE, `must be at most ${MAX_PAGE}`).default(100),
  after: Id.optional(),
};
const OrdersQuery = z.object({ tenant: Id.optional(), status: OrderStatus.optional(), ...Paging });
const FleetQuery = z.object({ tenant: Id.optional(), status: VehicleStatus.optional(), ...Paging });

/** The tenant asked for, or the only one there is; an unknown tenant is a 404 naming it. */
function tenantOf(store: Store, asked: string | undefined): string {
  if (asked) return store.tenants.require(asked).id;
  const all = store.tenants.list();
  if (all.length === 1 && all[0]) return all[0].id;
  return parseInput(z.object({ tenant: Id }), {}, 'query').tenant;
}

/** Routes under /v1 that read the dispatch store. */
export function readRoutes(store: Store): Hono {
  const app = new Hono();
  app.get('/orders', (c) => {
    const q = parseInput(OrdersQuery, c.req.query(), 'query');
    const tenant = tenantOf(store, q.tenant);
    return c.json({ tenant, ...store.orders.list(tenant, { where: { status: q.status }, limit: q.limit, after: q.after }) });
  });
  app.get('/orders/:id', (c) => {
    const q = parseInput(z.object({ tenant: Id.optional() }), c.req.query(), 'query');
    return c.json(store.orders.require(tenantOf(store, q.tenant), c.req.param('id')));
  });
  app.get('/fleet', (c) => {
    const q = parseInput(FleetQuery, c.req.query(), 'query');
    const tenant = tenantOf(store, q.tenant);
    return c.json({ tenant, ...store.vehicles.list(tenant, { where: { status: q.status }, limit: q.limit, after: q.after }) });
  });
  return app;
}
