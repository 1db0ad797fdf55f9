/** What a decision is about, for queries: its target and the order, shipment and vehicle ids in its payload. */
import type { ActionProposal } from '../domain/index.ts';

export type RefType = 'order' | 'shipment' | 'vehicle' | 'carrier' | 'invoice' | 'tender' | 'customer';

const PAYLOAD_KEYS: Record<string, RefType> = {
  orderId: 'order', orderIds: 'order', shipmentId: 'shipment', shipmentIds: 'shipment', vehicleId: 'vehicle',
  vehicleIds: 'vehicle', carrierId: 'carrier', invoiceId: 'invoice', tenderId: 'tender', customerId: 'customer',
};
// Computed once: this runs for every appended decision.
const PAYLOAD_ENTRIES = Object.entries(PAYLOAD_KEYS);

// A decision names a handful of objects, so scanning beats hashing a key per ref; a long list switches to a set.
const SCAN_UP_TO = 16;
const keyOf = (type: string, id: string): string => `${type}\u0000${id}`;

/** The distinct (type, id) pairs a proposal refers to. */
export function refsOf(proposal: ActionProposal | null): { type: string; id: string }[] {
  if (!proposal) return [];
  const out: { type: string; id: string }[] = [];
  let keys: Set<string> | undefined;
  const add = (type: string, id: unknown): void => {
    if (typeof id !== 'string' || id.length === 0) return;
    if (!keys && out.length >= SCAN_UP_TO) keys = new Set(out.map((r) => keyOf(r.type, r.id)));
    if (keys) {
      const key = keyOf(type, id);
      if (keys.has(key)) return;
      keys.add(key);
    } else {
      for (const ref of out) if (ref.id === id && ref.type === type) return;
    }
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
