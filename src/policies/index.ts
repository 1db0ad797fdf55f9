/** The policy gate's public surface: the policy file, its loader and hash, the gate, roles and kill switches. */
export { canonicalHash, canonicalJson } from './canonical-json.ts';
export { effectiveRule, gate, type GateInput, loggedOutcome, type Verdict } from './gate.ts';
export { DEFAULT_POLICY_PATH, loadDefaultPolicy, loadPolicy, policyHash } from './load.ts';
export { mayDecide, ReviewRole, Role } from './roles.ts';
export { AgentScope, Bounds, KillSwitch, KindOverride, KindRule, Policy, TenantOverride } from './schema.ts';
