/** What a decision is about, for queries: its target and the order, shipment and vehicle ids in its payload. */
import type { ActionProposal } from '../domain/index.ts';

export type RefType = 'order' | 'shipment' | 'vehicle' | 'carrier' | 'invoice' | 'tender' | 'customer';

const PAYLOAD_KEYS: Record<string, RefType> = {
  orderId: 'order', orderIds: 'order', shipmentId: 'shipment', shipmentIds: 'shipment', vehicleId: 'vehicle',
  vehicleIds: 'vehicle', carrierId: 'carrier', invoiceId: 'invoice', tenderId: 'tender', customerId: 'customer',
};
// Computed once: this runs for every appended decision.
const PAYLOAD_ENTRIES = Object.entries(PAYLOAD_KEYS);

/** The distinct (type, id) pairs a proposal refers to. */
export function refsOf(proposal: ActionProposal | null): { type: string; id: string }[] {
  if (!proposal) return [];
  const out: { type: string; id: string }[] = [];
  const seen = new Set<string>();
  const add = (type: string, id: unknown) => {
    if (typeof id !== 'string' || id.length === 0) return;
    const key = `${type}\u0000${id}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ type, id });
  };
  add(proposal.target.type, proposal.target.id);
  const payload = proposal.payload;
  for (const [key, type] of PAYLOAD_ENTRIES) {
    const value = payload[key];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) add(type, v);
    else add(type, value);
  }
  return out;
}
