/** What a decision is about, for queries: its target and the order, shipment and vehicle ids in its payload. */
import type { ActionProposal } from '../domain/index.ts';

export type RefType = 'order' | 'shipment' | 'vehicle' | 'carrier' | 'invoice' | 'tender' | 'customer';

const PAYLOAD_KEYS: Record<string, RefType> = {
  orderId: 'order', orderIds: 'order', shipmentId: 'shipment', shipmentIds: 'shipment', vehicleId: 'vehicle',
  vehicleIds: 'vehicle', carrierId: 'carrier', invoiceId: 'invoice', tenderId: 'tender', customerId: 'customer',
};

/** The distinct (type, id) pairs a proposal refers to. */
export function refsOf(proposal: ActionProposal | null): { type: string; id: string }[] {
  if (!proposal) return [];
  const out = new Map<string, { type: string; id: string }>();
  const add = (type: string, id: unknown) => {
    if (typeof id === 'string' && id.length > 0) out.set(`${type}\u0000${id}`, { type, id });
  };
  add(proposal.target.type, proposal.target.id);
  for (const [key, type] of Object.entries(PAYLOAD_KEYS)) {
    const value = proposal.payload[key];
    if (Array.isArray(value)) value.forEach((v) => add(type, v));
    else add(type, value);
  }
  return [...out.values()];
}
