/** Roles of the people (and systems) acting on Marshal, and which of them may decide a queued review. */
import { z } from 'zod';

export const Role = z.enum(['integration', 'dispatcher', 'finance', 'auditor', 'admin']);
export type Role = z.infer<typeof Role>;

/** The roles a policy may name as the decider of an L1 review; auditors and integrations only read. */
export const ReviewRole = z.enum(['dispatcher', 'finance', 'admin'], {
  error: (issue) => (issue.input === undefined ? 'is required' : 'must be dispatcher, finance or admin'),
});
export type ReviewRole = z.infer<typeof ReviewRole>;

/** Whether a person holding `role` may approve or reject a review that needs `reviewRole`. */
export function mayDecide(role: Role, reviewRole: ReviewRole): boolean {
  // Admin outranks every review; otherwise a role decides only its own reviews, so finance cannot approve a route.
  if (role === 'admin') return true;
  if (role === 'auditor' || role === 'integration') return false;
  return role === reviewRole;
}
