/** Undoing a plan change a human rejected: the stored plan goes back to what it was before the proposal. */
import { type ActionProposal, type Plan, toIso } from '../domain/index.ts';
import type { AgentDeps } from './agent.ts';

/** The kinds whose proposals saved a plan version before the gate decided on them. */
const PLAN_KINDS = new Set<ActionProposal['kind']>(['route.assign', 'route.replan']);

/** Puts back the plan a rejected route.assign or route.replan had replaced; returns what it did, for the trace. */
export function undoPlanChange(proposal: ActionProposal, deps: AgentDeps): string[] {
  if (!PLAN_KINDS.has(proposal.kind)) return [];
  const t = proposal.tenant;
  const version = proposal.payload.planVersion;
  const current = deps.store.plans.current(t);
  if (typeof version !== 'number' || !current) return [];
  const createdAt = toIso(deps.clock.now());
  const id = `${proposal.id}-rejected`;
  if (current.id === id) return [];
  if (current.version === version) {
    // Nothing was built on it yet: the version before it comes back as it was.
    const prior = version > 1 ? deps.store.plans.version(t, version - 1) : undefined;
    const restored = deps.store.plans.save({ id, tenant: t, version: 0, createdAt, routes: prior?.routes ?? [], unassigned: prior?.unassigned ?? [] });
    return [`plan v${version} rejected: v${restored.version} restores v${version - 1}`];
  }
  const shipmentId = proposal.payload.shipmentId;
  if (proposal.kind === 'route.assign' && typeof shipmentId === 'string') {
    // Later picks built on it: only this shipment comes off its van and waits, unassigned, for a dispatcher.
    const restored = deps.store.plans.save(withoutShipment(current, shipmentId, id, createdAt));
    return [`plan v${version} rejected after later changes: v${restored.version} takes ${shipmentId} off its van`];
  }
  return [`plan v${version} rejected, but v${current.version} already builds on it: ask for a re-plan to undo it`];
}

function withoutShipment(plan: Plan, shipmentId: string, id: string, createdAt: string): Plan {
  const routes = plan.routes
    .map((r) => ({ ...r, stops: r.stops.filter((st) => st.shipmentId !== shipmentId) }))
    .filter((r) => r.stops.length > 0);
  const unassigned = [...plan.unassigned.filter((u) => u.shipmentId !== shipmentId), { shipmentId, reasons: ['no_vehicle' as const] }];
  return { ...plan, id, version: 0, createdAt, routes, unassigned };
}
