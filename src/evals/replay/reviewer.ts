/**
 * The simulated reviewer: answers L1 reviews through the governance review API and resumes the paused thread, as a
 * person in the control tower would (approve, then the runner resumes the graph and delivers the outbox).
 */
import { z } from 'zod';
import { InputError, toEpochSeconds } from '../../domain/index.ts';
import type { Actor } from '../../governance/index.ts';
import type { Runtime } from '../../graph/runtime.ts';

/** approve-all, reject-all, or approve each review once it has waited `seconds` of simulated time. */
export const ReviewerSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('approve-all') }),
  z.object({ kind: z.literal('reject-all') }),
  z.object({ kind: z.literal('delay'), seconds: z.number().int().nonnegative() }),
]);
export type ReviewerSpec = z.infer<typeof ReviewerSpec>;

/** Parses the `--reviewer` flag: `approve-all`, `reject-all` or `delay:SECONDS`. */
export function parseReviewer(text: string): ReviewerSpec {
  if (text === 'approve-all' || text === 'reject-all') return { kind: text };
  const m = /^delay:(\d+)$/.exec(text);
  if (m) return { kind: 'delay', seconds: Number(m[1]) };
  throw new InputError('invalid_input', [{ path: 'reviewer', reason: `must be approve-all, reject-all or delay:SECONDS, got '${text}'` }], 'replay');
}

/** Text of a reviewer spec, as the report names it. */
export const reviewerText = (r: ReviewerSpec): string => (r.kind === 'delay' ? `delay:${r.seconds}` : r.kind);

/** The reviewer's identity: an admin may decide every review role. */
const actorFor = (tenant: string): Actor => ({ id: 'replay:reviewer', role: 'admin', tenant });

/** Decides every pending review due under `spec` at the runtime's now; returns how many it decided. */
export async function answerReviews(runtime: Runtime, tenant: string, spec: ReviewerSpec, now: number): Promise<number> {
  // Most steps have nothing waiting: look before expiring, which writes.
  if (runtime.governance.listReviews(tenant, { status: 'pending', limit: 1 }).length === 0) return 0;
  // Expired reviews are the gate's business (logged, escalated): the reviewer only sees what is still pending.
  runtime.governance.expireDue();
  const pending = runtime.governance.listReviews(tenant, { status: 'pending', limit: 1000 });
  let decided = 0;
  for (const review of pending) {
    if (spec.kind === 'delay' && toEpochSeconds(review.createdAt) + spec.seconds > now) continue;
    const actor = actorFor(tenant);
    if (spec.kind === 'reject-all') runtime.governance.reject(review.id, actor, { reason: 'simulated reviewer: reject all' });
    else runtime.governance.approve(review.id, actor, { reason: spec.kind === 'delay' ? `simulated reviewer: approved after ${spec.seconds} s` : 'simulated reviewer: approve all' });
    await runtime.runner.resumeReview(tenant, review.id);
    decided++;
  }
  return decided;
}
