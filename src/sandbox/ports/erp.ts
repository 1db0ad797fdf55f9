/** The sandbox ERP: customer terms and credit, book stock, in-transit stock and postings over the world file. */
import { ConflictError, type Money } from '../../domain/index.ts';
import {
  type CustomerTerms, erpContract, type ErpPort, guardPort, type InTransit, type Posting, type PostingBody,
} from '../../connectors/index.ts';
import { requireCustomer, requireDepot, requireOrder, requireSku, saveOrder } from '../world/records.ts';
import type { World } from '../world/world.ts';
import { statement } from '../../store/index.ts';

interface AccountRow {
  balance_minor: number;
  on_hold: number;
  hold_reason: string | null;
}

/** The ERP port over a sandbox world. */
export function sandboxErp(world: World): ErpPort {
  const db = world.db;

  function terms(tenant: string, customerId: string): CustomerTerms {
    const customer = requireCustomer(world, tenant, customerId);
    const row = statement(db, 'SELECT * FROM accounts WHERE tenant = ? AND customer_id = ?').get(tenant, customerId) as AccountRow;
    return {
      customerId,
      creditLimit: customer.creditLimit,
      balance: { amountMinor: row.balance_minor, currency: customer.creditLimit.currency },
      paymentTermsDays: customer.paymentTermsDays,
      onHold: row.on_hold === 1,
      ...(row.hold_reason ? { holdReason: row.hold_reason } : {}),
    };
  }

  function checkRefs(tenant: string, body: PostingBody): void {
    if ('orderId' in body) requireOrder(world, tenant, body.orderId, 'body.orderId');
    if (body.type === 'backorder') requireSku(world, tenant, body.sku, 'body.sku');
  }

  function applyPosting(tenant: string, body: PostingBody): void {
    if (body.type === 'customer_invoice') {
      const order = requireOrder(world, tenant, body.orderId, 'body.orderId');
      sameCurrency(order.value, body.amount);
      db.prepare('UPDATE accounts SET balance_minor = balance_minor + ? WHERE tenant = ? AND customer_id = ?')
        .run(body.amount.amountMinor, tenant, order.customerId);
    }
    if (body.type === 'delivery_confirmation') {
      const order = requireOrder(world, tenant, body.orderId, 'body.orderId');
      saveOrder(world, { ...order, status: 'delivered' });
    }
  }

  const rowToPosting = (row: { doc: string }): Posting => JSON.parse(row.doc) as Posting;

  return guardPort('erp', erpContract, {
    getCustomer: ({ tenant, customerId }) => requireCustomer(world, tenant, customerId),
    getOrder({ tenant, orderId }) {
      const order = requireOrder(world, tenant, orderId);
      return { order, terms: terms(tenant, order.customerId) };
    },
    checkCredit({ tenant, customerId, amount }) {
      const t = terms(tenant, customerId);
      sameCurrency(t.creditLimit, amount);
      const available = { amountMinor: t.creditLimit.amountMinor - t.balance.amountMinor, currency: amount.currency };
      if (t.onHold) return { ok: false, available, reason: `customer is on credit hold: ${t.holdReason ?? 'no reason given'}` };
      if (amount.amountMinor > available.amountMinor) {
        return { ok: false, available, reason: `amount exceeds the available credit of ${available.amountMinor} minor units` };
      }
      return { ok: true, available };
    },
    setCreditHold({ tenant, customerId, onHold, reason }) {
      terms(tenant, customerId);
      db.prepare('UPDATE accounts SET on_hold = ?, hold_reason = ? WHERE tenant = ? AND customer_id = ?')
        .run(onHold ? 1 : 0, onHold ? reason : null, tenant, customerId);
      return terms(tenant, customerId);
    },
    getBookStock({ tenant, sku, depotId }) {
      requireSku(world, tenant, sku);
      if (depotId) requireDepot(world, tenant, depotId);
      const rows = db
        .prepare(
          `SELECT depot_id AS depotId, sku, sum(on_hand) AS qty FROM stock WHERE tenant = ? AND sku = ?
           AND (? IS NULL OR depot_id = ?) GROUP BY depot_id ORDER BY depot_id`,
        )
        .all(tenant, sku, depotId ?? null, depotId ?? null) as { depotId: string; sku: string; qty: number }[];
      return rows;
    },
    getInTransit({ tenant, sku, toDepotId }) {
      world.requireTenant(tenant);
      const rows = db
        .prepare(
          `SELECT * FROM in_transit WHERE tenant = ? AND (? IS NULL OR sku = ?) AND (? IS NULL OR to_depot = ?)
           AND status = 'in_transit' ORDER BY eta, id`,
        )
        .all(tenant, sku ?? null, sku ?? null, toDepotId ?? null, toDepotId ?? null) as Record<string, string | number | null>[];
      return rows.map(inTransitFromRow);
    },
    post({ tenant, idempotencyKey, body }) {
      world.requireTenant(tenant);
      return db.transaction(() => {
        const existing = statement(db, 'SELECT doc FROM postings WHERE tenant = ? AND idempotency_key = ?').get(tenant, idempotencyKey) as
          | { doc: string }
          | undefined;
        if (existing) {
          const posting = rowToPosting(existing);
          if (JSON.stringify(posting.body) !== JSON.stringify(body)) {
            throw new ConflictError('idempotency_key_reused', 'idempotencyKey', 'was used before for a different posting');
          }
          return { posting, duplicate: true };
        }
        checkRefs(tenant, body);
        applyPosting(tenant, body);
        const posting: Posting = { id: world.nextId('pst'), postedAt: world.nowIso(), idempotencyKey, body };
        db.prepare(
          'INSERT INTO postings (tenant, id, type, order_id, shipment_id, idempotency_key, posted_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        ).run(tenant, posting.id, body.type, 'orderId' in body ? body.orderId : null, 'shipmentId' in body ? body.shipmentId : null,
          idempotencyKey, posting.postedAt, JSON.stringify(posting));
        return { posting, duplicate: false };
      })();
    },
    listPostings({ tenant, orderId, shipmentId, type }) {
      world.requireTenant(tenant);
      const rows = db
        .prepare(
          `SELECT doc FROM postings WHERE tenant = ? AND (? IS NULL OR order_id = ?) AND (? IS NULL OR shipment_id = ?)
           AND (? IS NULL OR type = ?) ORDER BY posted_at, id`,
        )
        .all(tenant, orderId ?? null, orderId ?? null, shipmentId ?? null, shipmentId ?? null, type ?? null, type ?? null) as {
        doc: string;
      }[];
      return rows.map(rowToPosting);
    },
  });
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new ConflictError('currency_mismatch', 'amount.currency', `must be ${a.currency}, got ${b.currency}`);
}

/** An in-transit row as the port shape. */
export function inTransitFromRow(r: Record<string, string | number | null>): InTransit {
  return {
    id: String(r.id),
    sku: String(r.sku),
    ...(r.from_depot ? { fromDepotId: String(r.from_depot) } : {}),
    toDepotId: String(r.to_depot),
    qty: Number(r.qty),
    eta: String(r.eta),
    status: r.status === 'received' ? 'received' : 'in_transit',
  };
}
