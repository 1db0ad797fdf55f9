/** Tenants, depots and customers: who Marshal dispatches for, from where, to whom. */
import { z } from 'zod';
import { Id, Location } from './common.ts';
import { CurrencyCode, NonNegativeMoney, Seconds } from './units.ts';

export const Tenant = z.object({
  id: Id,
  name: z.string().min(1),
  currency: CurrencyCode,
  timezone: z.string().min(1),
});
export type Tenant = z.infer<typeof Tenant>;

/** `HH:MM`, 24-hour clock, in UTC. */
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM on a 24-hour clock');

export const Depot = z
  .object({
    id: Id,
    tenant: Id,
    name: z.string().min(1),
    location: Location,
    opensAt: TimeOfDay,
    closesAt: TimeOfDay,
    dockDoors: z.number().int().positive('a depot needs at least one dock door'),
  })
  .refine((d) => d.closesAt > d.opensAt, { message: 'depot closes before it opens', path: ['closesAt'] });
export type Depot = z.infer<typeof Depot>;

export const Customer = z.object({
  id: Id,
  tenant: Id,
  name: z.string().min(1),
  location: Location,
  /** Delivery zone, matched against carrier lanes. */
  zone: z.string().min(1),
  receivingOpensAt: TimeOfDay,
  receivingClosesAt: TimeOfDay,
  serviceSeconds: Seconds,
  creditLimit: NonNegativeMoney,
  paymentTermsDays: z.number().int().nonnegative(),
  email: z.string().email().optional(),
  phone: z.string().optional(),
});
export type Customer = z.infer<typeof Customer>;
