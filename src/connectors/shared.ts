/** Schemas several ports share: tenant scoping and idempotency keys. */
import { z } from 'zod';
import { Id } from '../domain/index.ts';

/** Every port call is made on behalf of one tenant. */
export const Scoped = z.object({ tenant: Id });

/** A key the caller chooses so a retried write is applied once. */
export const IdempotencyKey = z.string().min(8, 'must be at least 8 characters').max(200);
