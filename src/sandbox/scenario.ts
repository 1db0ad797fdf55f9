/** A sandbox day: the master data of a small operation and the timeline of events it lives through. */
import { z } from 'zod';
import {
  Carrier, CloudEventEnvelope, Customer, Depot, Driver, Id, IsoTimestamp, NonNegativeMoney, Sku, StockLevel,
  Tenant, Vehicle,
} from '../domain/index.ts';

export const SCENARIO_FORMAT = 'marshal.sandbox-day/1';

/** How the simulated outside world behaves; every draw is seeded by `seed` and the object's id. */
export const SandboxBehaviour = z.object({
  seed: z.number().int(),
  carriers: z.array(
    z.object({
      carrierId: Id,
      /** Share of tenders accepted, 0..1. */
      acceptRate: z.number().min(0).max(1),
      /** Share of invoices that carry a discrepancy, 0..1. */
      invoiceDiscrepancyRate: z.number().min(0).max(1),
    }),
  ),
});
export type SandboxBehaviour = z.infer<typeof SandboxBehaviour>;

/** Money a customer already owes; an order that takes it past its credit limit is held. */
export const CustomerAccount = z.object({ customerId: Id, balance: NonNegativeMoney, onHold: z.boolean() });

/** Stock on its way to a depot (a transfer or a supplier delivery). */
export const InTransitStock = z.object({
  id: Id,
  sku: Id,
  toDepotId: Id,
  fromDepotId: Id.optional(),
  qty: z.number().int().positive(),
  eta: IsoTimestamp,
});

export const Scenario = z.object({
  format: z.literal(SCENARIO_FORMAT),
  name: z.string().min(1),
  /** The generator's seed, or null for an imported day. */
  seed: z.number().int().nullable(),
  /** The operating day, `YYYY-MM-DD` (UTC). */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
  tenant: Tenant,
  depots: z.array(Depot).min(1),
  vehicles: z.array(Vehicle),
  drivers: z.array(Driver),
  carriers: z.array(Carrier),
  customers: z.array(Customer),
  accounts: z.array(CustomerAccount),
  skus: z.array(Sku),
  stock: z.array(StockLevel),
  inTransit: z.array(InTransitStock),
  behaviour: SandboxBehaviour,
  /** Every event of the day in time order; `oms.order.created` events carry the full order. */
  events: z.array(CloudEventEnvelope),
});
export type Scenario = z.infer<typeof Scenario>;
