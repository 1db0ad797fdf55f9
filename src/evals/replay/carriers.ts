/**
 * Carriers on the simulated road: a tender the sandbox carrier accepted is delivered at its pickup plus the lane's
 * transit time, or when the first window still open then opens (`carrier.status` delivered); a rejected one is
 * answered at once (`carrier.tender.rejected`), so the Carrier agent can tender again. The road simulator does not
 * drive carrier shipments; this stands in for it.
 */
import { type Carrier, type MarshalEvent, parseEvent, toEpochSeconds, toIso } from '../../domain/index.ts';
import type { Tender } from '../../connectors/index.ts';
import type { World } from '../../sandbox/index.ts';
import { statement } from '../../store/index.ts';

interface Scheduled {
  at: number;
  event: MarshalEvent;
}

/** Reads tenders from the sandbox world and schedules what each carrier sends back. */
export function carrierRoad(world: World, tenant: string, carriers: readonly Carrier[], laneOf: (shipmentId: string) => { depotId: string; zone: string | undefined; windows: readonly { start: string; end: string }[] }) {
  let scheduled: Scheduled[] = [];
  // The highest tender rowid read so far: tenders are only ever added (a status update keeps its row).
  let known = 0;
  const event = (id: string, type: MarshalEvent['type'], at: number, subject: string, data: unknown): MarshalEvent => parseEvent({
    specversion: '1.0', id, source: '/replay/carrier', type, time: toIso(at), subject, tenant, data,
  });
  return {
    /** Schedules the answer to every tender added since the last poll (read in id order, so runs agree). */
    poll(now: number): void {
      // Polled after every event: the highest rowid first, and only tenders added since are read. Counting the
      // tenant's tenders and reading them all again whenever one was added grew with the square of the day's tenders.
      const top = (statement(world.db, 'SELECT max(rowid) FROM tenders').pluck().get() as number | null) ?? 0;
      if (top === known) return;
      const rows = statement(world.db, "SELECT doc FROM tenders WHERE tenant = ? AND rowid > ? AND status IN ('accepted', 'rejected') ORDER BY id")
        .all(tenant, known) as { doc: string }[];
      known = top;
      for (const row of rows) {
        const t = JSON.parse(row.doc) as Tender;
        if (t.status === 'rejected') {
          scheduled.push({ at: now, event: event(`carrier-rejected-${t.id}`, 'carrier.tender.rejected', now, t.shipmentId, { tenderId: t.id, carrierId: t.carrierId, shipmentId: t.shipmentId, reason: t.reason ?? 'rejected' }) });
          continue;
        }
        const where = laneOf(t.shipmentId);
        const lane = carriers.find((c) => c.id === t.carrierId)?.lanes.find((l) => l.originDepotId === where.depotId && l.destinationZone === where.zone);
        // Like a driver at the door, a carrier delivers in the first window still open when it arrives (booked slot).
        const arrives = Math.max(now, toEpochSeconds(t.pickupAt) + (lane?.transitSeconds ?? 0));
        const window = where.windows.map((w) => [toEpochSeconds(w.start), toEpochSeconds(w.end)] as const).sort((a, b) => a[0] - b[0]).find(([, e]) => e >= arrives);
        const at = window ? Math.max(arrives, window[0]) : arrives;
        scheduled.push({ at, event: event(`carrier-delivered-${t.id}`, 'carrier.status', at, t.shipmentId, { carrierId: t.carrierId, shipmentId: t.shipmentId, status: 'delivered', at: toIso(at) }) });
      }
    },
    /** Events due by `until`, in time order (ties by id), taken off the schedule. */
    due(until: number): MarshalEvent[] {
      const out = scheduled.filter((s) => s.at <= until).sort((a, b) => a.at - b.at || (a.event.id < b.event.id ? -1 : 1));
      scheduled = scheduled.filter((s) => s.at > until);
      return out.map((s) => s.event);
    },
    /** Amount of each accepted tender by shipment (the last accepted one wins), for the cost figures. */
    charges(): Map<string, { carrierId: string; amountMinor: number }> {
      const rows = world.db.prepare("SELECT doc FROM tenders WHERE tenant = ? AND status IN ('accepted', 'delivered') ORDER BY id").all(tenant) as { doc: string }[];
      return new Map(rows.map((r) => JSON.parse(r.doc) as Tender).map((t) => [t.shipmentId, { carrierId: t.carrierId, amountMinor: t.amount.amountMinor }]));
    },
  };
}

export type CarrierRoad = ReturnType<typeof carrierRoad>;
