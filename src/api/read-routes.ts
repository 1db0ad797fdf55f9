/** Read-only views of Marshal's dispatch state: orders and fleet, of the key's own tenant. */
import { Hono } from 'hono';
import { z } from 'zod';
import { Id, NotFoundError, OrderStatus, parseInput, VehicleStatus } from '../domain/index.ts';
import { MAX_PAGE, type Store } from '../store/index.ts';
import { actorOf, type ApiEnv, READERS, requireRole } from './context.ts';

const Paging = {
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_PAGE, `must be at most ${MAX_PAGE}`).default(100),
  after: Id.optional(),
};
export const OrdersQuery = z.object({ tenant: Id.optional(), status: OrderStatus.optional(), ...Paging });
export const FleetQuery = z.object({ tenant: Id.optional(), status: VehicleStatus.optional(), ...Paging });

/** The key's tenant; asking for another is answered as if it did not exist, so tenants cannot probe each other. */
export function tenantOf(store: Store, keyTenant: string, asked: string | undefined): string {
  if (asked !== undefined && asked !== keyTenant) throw new NotFoundError('tenant', asked);
  return store.tenants.require(keyTenant).id;
}

/** Routes under /v1 that read the dispatch store. */
export function readRoutes(store: Store): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/orders', (c) => {
    const actor = actorOf(c);
    requireRole(actor, READERS, 'reading orders');
    const q = parseInput(OrdersQuery, c.req.query(), 'query');
    const tenant = tenantOf(store, actor.tenant, q.tenant);
    return c.json({ tenant, ...store.orders.list(tenant, { where: { status: q.status }, limit: q.limit, after: q.after }) });
  });
  app.get('/orders/:id', (c) => {
    const actor = actorOf(c);
    requireRole(actor, READERS, 'reading orders');
    const q = parseInput(z.object({ tenant: Id.optional() }), c.req.query(), 'query');
    return c.json(store.orders.require(tenantOf(store, actor.tenant, q.tenant), c.req.param('id')));
  });
  app.get('/fleet', (c) => {
    const actor = actorOf(c);
    requireRole(actor, READERS, 'reading the fleet');
    const q = parseInput(FleetQuery, c.req.query(), 'query');
    const tenant = tenantOf(store, actor.tenant, q.tenant);
    return c.json({ tenant, ...store.vehicles.list(tenant, { where: { status: q.status }, limit: q.limit, after: q.after }) });
  });
  return app;
}
