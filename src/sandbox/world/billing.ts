/** The carriers' side of billing: an invoice for every tendered shipment not billed yet, some with discrepancies. */
import type { CarrierInvoice, Tender } from '../../connectors/index.ts';
import type { World } from './world.ts';
import { statement } from '../../store/index.ts';

/** Bills a carrier's accepted tenders that are on no invoice yet; returns the stored invoice, or undefined. */
export function issueCarrierInvoice(world: World, tenant: string, carrierId: string): CarrierInvoice | undefined {
  world.requireTenant(tenant);
  const db = world.db;
  const rate = statement(db, 'SELECT discrepancy_rate AS r FROM carriers WHERE tenant = ? AND id = ?').get(tenant, carrierId) as { r: number } | undefined;
  if (!rate) return undefined;
  const billed = new Set<string>();
  for (const row of statement(db, 'SELECT doc FROM carrier_invoices WHERE tenant = ? AND carrier_id = ?').all(tenant, carrierId) as { doc: string }[]) {
    for (const line of (JSON.parse(row.doc) as CarrierInvoice).lines) billed.add(line.shipmentId);
  }
  const tenders = (db
    .prepare("SELECT doc FROM tenders WHERE tenant = ? AND carrier_id = ? AND status IN ('accepted', 'delivered') ORDER BY id")
    .all(tenant, carrierId) as { doc: string }[]).map((r) => JSON.parse(r.doc) as Tender).filter((t) => !billed.has(t.shipmentId));
  if (tenders.length === 0) return undefined;
  const lines: CarrierInvoice['lines'] = [];
  for (const t of tenders) {
    lines.push({ shipmentId: t.shipmentId, chargeCode: 'FRT', amount: t.amount });
    // Discrepancies a freight auditor meets: an unagreed waiting charge or a rate above the tender.
    if (world.draw(`invoice:${t.id}`) < rate.r) {
      const extra = Math.max(500, Math.round(t.amount.amountMinor * (0.1 + 0.2 * world.draw(`invoice-size:${t.id}`))));
      lines.push({ shipmentId: t.shipmentId, chargeCode: world.draw(`invoice-kind:${t.id}`) < 0.5 ? 'WAIT' : 'RATE', amount: { amountMinor: extra, currency: t.amount.currency } });
    }
  }
  const currency = tenders[0]!.amount.currency;
  const invoice: CarrierInvoice = {
    id: world.nextId('inv'), carrierId, invoiceDate: world.nowIso(), lines,
    total: { amountMinor: lines.reduce((s, l) => s + l.amount.amountMinor, 0), currency }, status: 'received',
  };
  db.prepare("INSERT INTO carrier_invoices (tenant, id, carrier_id, status, doc) VALUES (?, ?, ?, 'received', ?)")
    .run(tenant, invoice.id, carrierId, JSON.stringify(invoice));
  return invoice;
}
