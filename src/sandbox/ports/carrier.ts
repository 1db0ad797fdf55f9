/** The sandbox carriers: quotes from rate cards, tenders accepted or rejected by seeded behaviour, invoices. */
import { Carrier, ConflictError, type Lane, type Money, NotFoundError, onTimeRate } from '../../domain/index.ts';
import { type CarrierInvoice, carrierContract, type CarrierPort, guardPort, type Quote, type Tender } from '../../connectors/index.ts';
import { requireDepot } from '../world/records.ts';
import type { World } from '../world/world.ts';
import { statement } from '../../store/index.ts';

interface CarrierRow {
  doc: string;
  accept_rate: number;
  discrepancy_rate: number;
}

/** Price of a shipment on a lane: base plus weight and distance rates, at least the minimum, plus fuel surcharge. */
export function laneCharge(carrier: Carrier, lane: Lane, weightKg: number, distanceM: number): Money {
  const r = lane.rate;
  const raw = Math.max(r.minChargeMinor, r.baseMinor + r.perKgMinor * weightKg + (r.perKmMinor * distanceM) / 1000);
  return { amountMinor: Math.round(raw * (1 + carrier.fuelSurchargePct / 100)), currency: carrier.currency };
}

/** The carrier port over a sandbox world. */
export function sandboxCarriers(world: World): CarrierPort {
  const db = world.db;

  function carriers(tenant: string, carrierId?: string): (CarrierRow & { carrier: Carrier })[] {
    world.requireTenant(tenant);
    const rows = statement(db, 'SELECT doc, accept_rate, discrepancy_rate FROM carriers WHERE tenant = ? AND (? IS NULL OR id = ?) ORDER BY id')
      .all(tenant, carrierId ?? null, carrierId ?? null) as CarrierRow[];
    if (carrierId && rows.length === 0) throw new NotFoundError('carrierId', carrierId, 'carrier');
    return rows.map((r) => ({ ...r, carrier: Carrier.parse(JSON.parse(r.doc)) }));
  }

  function tender(tenant: string, tenderId: string): Tender {
    world.requireTenant(tenant);
    const row = statement(db, 'SELECT doc FROM tenders WHERE tenant = ? AND id = ?').get(tenant, tenderId) as { doc: string } | undefined;
    if (!row) throw new NotFoundError('tenderId', tenderId, 'tender');
    return JSON.parse(row.doc) as Tender;
  }

  function saveTender(tenant: string, t: Tender, key: string | null): Tender {
    statement(
      db,
      `INSERT INTO tenders (tenant, id, carrier_id, shipment_id, status, idempotency_key, created_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant, id) DO UPDATE SET status = excluded.status, doc = excluded.doc`,
    ).run(tenant, t.id, t.carrierId, t.shipmentId, t.status, key ?? t.id, t.createdAt, JSON.stringify(t));
    return t;
  }

  function invoice(tenant: string, invoiceId: string): CarrierInvoice {
    world.requireTenant(tenant);
    const row = statement(db, 'SELECT doc FROM carrier_invoices WHERE tenant = ? AND id = ?').get(tenant, invoiceId) as { doc: string } | undefined;
    if (!row) throw new NotFoundError('invoiceId', invoiceId, 'carrier invoice');
    return JSON.parse(row.doc) as CarrierInvoice;
  }

  function acceptedToday(tenant: string, carrierId: string): number {
    const day = world.nowIso().slice(0, 10);
    const row = statement(db, "SELECT count(*) AS n FROM tenders WHERE tenant = ? AND carrier_id = ? AND status = 'accepted' AND substr(created_at, 1, 10) = ?")
      .get(tenant, carrierId, day) as { n: number };
    return row.n;
  }

  return guardPort('carrier', carrierContract, {
    quote({ tenant, depotId, zone, weightKg, distanceM, carrierId }) {
      requireDepot(world, tenant, depotId);
      const quotes: Quote[] = [];
      for (const { carrier } of carriers(tenant, carrierId)) {
        if (weightKg > carrier.maxWeightKg) continue;
        const lane = carrier.lanes.find((l) => l.originDepotId === depotId && l.destinationZone === zone);
        if (!lane) continue;
        quotes.push({
          carrierId: carrier.id, laneId: lane.id, amount: laneCharge(carrier, lane, weightKg, distanceM),
          transitSeconds: lane.transitSeconds, onTimeRate: onTimeRate(carrier.record),
        });
      }
      return quotes.sort((a, b) => a.amount.amountMinor - b.amount.amountMinor || a.carrierId.localeCompare(b.carrierId));
    },
    tender({ tenant, carrierId, shipmentId, depotId, zone, weightKg, amount, pickupAt, idempotencyKey }) {
      const [row] = carriers(tenant, carrierId);
      const carrier = row!.carrier;
      requireDepot(world, tenant, depotId);
      return db.transaction(() => {
        const existing = statement(db, 'SELECT doc FROM tenders WHERE tenant = ? AND idempotency_key = ?').get(tenant, idempotencyKey) as { doc: string } | undefined;
        if (existing) return JSON.parse(existing.doc) as Tender;
        const lane = carrier.lanes.find((l) => l.originDepotId === depotId && l.destinationZone === zone);
        if (!lane) throw new ConflictError('no_lane', 'zone', `${carrier.name} has no lane from ${depotId} to zone ${zone}`);
        const base = { id: world.nextId('tnd'), carrierId, shipmentId, amount, pickupAt, createdAt: world.nowIso() };
        let reason: string | undefined;
        if (weightKg > carrier.maxWeightKg) reason = `over the carrier's ${carrier.maxWeightKg} kg limit`;
        else if (acceptedToday(tenant, carrierId) >= carrier.dailyCapacity) reason = 'no capacity left today';
        // Keyed by what is tendered, not by the request's key: a carrier's answer to a shipment does not hang on how
        // many decisions came before it (and asking it again gets the same answer).
        else if (world.draw(`tender:${tenant}:${carrierId}:${shipmentId}`) >= row!.accept_rate) reason = 'declined: no equipment available on this lane';
        const t: Tender = reason ? { ...base, status: 'rejected', reason } : { ...base, status: 'accepted' };
        return saveTender(tenant, t, idempotencyKey);
      })();
    },
    cancelTender({ tenant, tenderId, reason }) {
      const t = tender(tenant, tenderId);
      if (t.status !== 'accepted') throw new ConflictError('not_cancellable', 'tenderId', `tender '${tenderId}' is ${t.status}`);
      return saveTender(tenant, { ...t, status: 'cancelled', reason }, null);
    },
    getTender: ({ tenant, tenderId }) => tender(tenant, tenderId),
    getStatus({ tenant, shipmentId }) {
      world.requireTenant(tenant);
      const row = statement(db, "SELECT doc FROM tenders WHERE tenant = ? AND shipment_id = ? AND status IN ('accepted', 'delivered') ORDER BY created_at DESC, id DESC LIMIT 1")
        .get(tenant, shipmentId) as { doc: string } | undefined;
      if (!row) throw new NotFoundError('shipmentId', shipmentId, 'tendered shipment');
      const t = JSON.parse(row.doc) as Tender;
      return { shipmentId, carrierId: t.carrierId, tenderId: t.id, amount: t.amount, status: t.status === 'delivered' ? 'delivered' : 'booked', at: t.createdAt };
    },
    getInvoice: ({ tenant, invoiceId }) => invoice(tenant, invoiceId),
    listInvoices({ tenant, carrierId, status }) {
      world.requireTenant(tenant);
      const rows = statement(db, 'SELECT doc FROM carrier_invoices WHERE tenant = ? AND (? IS NULL OR carrier_id = ?) AND (? IS NULL OR status = ?) ORDER BY id')
        .all(tenant, carrierId ?? null, carrierId ?? null, status ?? null, status ?? null) as { doc: string }[];
      return rows.map((r) => JSON.parse(r.doc) as CarrierInvoice);
    },
    answerInvoice({ tenant, invoiceId, decision, reason }) {
      const inv = invoice(tenant, invoiceId);
      if (inv.status !== 'received') throw new ConflictError('invoice_answered', 'invoiceId', `invoice '${invoiceId}' is already ${inv.status}`);
      if (decision === 'disputed' && !reason) throw new ConflictError('reason_required', 'reason', 'a dispute needs a reason');
      const next: CarrierInvoice = { ...inv, status: decision, ...(reason ? { disputeReason: reason } : {}) };
      statement(db, 'UPDATE carrier_invoices SET status = ?, doc = ? WHERE tenant = ? AND id = ?').run(decision, JSON.stringify(next), tenant, invoiceId);
      return next;
    },
  });
}
