/** What a plan version leaves to carriers: the Carrier agent tenders it, and the Customer agent reschedules what no carrier serves. */
import type { MarshalEvent, Plan, Shipment } from '../domain/index.ts';
import type { AgentDeps } from './agent.ts';
import { planIdFor } from './live-plan.ts';

/**
 * What these events' plan leaves to carriers: shipments it left unassigned and not held for a van's next trip, that
 * the plan before them did not leave so already (those were tendered then), and still open. Own fleet first: a
 * shipment Dispatch has not planned, placed on a van or held for one is never tendered, so nothing is routed twice.
 * A batch of picks may have saved one plan version per depot, each under one of its events' plan ids.
 */
export function leftToCarriers(events: readonly MarshalEvent[], deps: AgentDeps): { shipment: Shipment; reasons: string[] }[] {
  const t = events[0]!.tenant;
  const ids = new Set(events.map(planIdFor));
  const plan = deps.store.plans.current(t);
  if (!plan || !ids.has(plan.id)) return [];
  let first = plan;
  for (let v = plan.version - 1; v >= 1; v--) {
    const earlier = deps.store.plans.version(t, v);
    if (!earlier || !ids.has(earlier.id)) break;
    first = earlier;
  }
  const waits = (u: Plan['unassigned'][number]) => u.reasons.includes('awaiting_vehicle');
  const previous = first.version > 1 ? deps.store.plans.version(t, first.version - 1) : undefined;
  const already = new Set((previous?.unassigned ?? []).filter((u) => !waits(u)).map((u) => u.shipmentId));
  return plan.unassigned.filter((u) => !waits(u) && !already.has(u.shipmentId)).flatMap((u) => {
    const shipment = deps.store.shipments.get(t, u.shipmentId);
    return shipment && (shipment.status === 'ready' || shipment.status === 'planned') ? [{ shipment, reasons: u.reasons }] : [];
  });
}

