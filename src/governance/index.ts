/** Governance: the gate, the log, the review queue and the outbox, as the one path from proposal to effect. */
export { activeKillSwitches, SYSTEM_TENANT } from './admin.ts';
export { type Actor, PolicyError } from './context.ts';
export { type DecideInput, type DecideResult } from './decide.ts';
export { type Governance, type GovernanceOptions, openGovernance } from './governance.ts';
export { dueOutbox, markDelivered, markFailed, OutboxAction, OutboxItem, outboxForDecision, replayDead } from './outbox.ts';
export { Review, ReviewQuery, ReviewVerdict } from './reviews.ts';
