/** What the API's handlers share: the authenticated actor, and role checks that name what is missing. */
import type { Context } from 'hono';
import type { Actor } from '../governance/index.ts';
import { PolicyError } from '../governance/index.ts';

export type ApiEnv = { Variables: { actor: Actor } };

/** The actor the auth middleware put on the request. */
export function actorOf(c: Context<ApiEnv>): Actor {
  return c.get('actor');
}

/** Refuses (403) unless the actor holds one of `roles`. */
export function requireRole(actor: Actor, roles: readonly Actor['role'][], what: string): void {
  if (!roles.includes(actor.role)) throw new PolicyError('role_not_allowed', `${what} needs the role ${roles.join(' or ')}; this key is ${actor.role}`);
}

/** Roles that may read dispatch state and decisions. */
export const READERS: readonly Actor['role'][] = ['dispatcher', 'finance', 'auditor', 'admin'];
