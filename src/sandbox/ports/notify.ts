/** The sandbox notifier: messages to customers are stored; a customer without the contact for a channel fails. */
import { ConflictError, NotFoundError } from '../../domain/index.ts';
import { guardPort, type Message, notifyContract, type NotifyPort } from '../../connectors/index.ts';
import { requireCustomer, requireOrder } from '../world/records.ts';
import type { World } from '../world/world.ts';
import { statement } from '../../store/index.ts';

/** The notify port over a sandbox world. */
export function sandboxNotify(world: World): NotifyPort {
  const db = world.db;

  function store(tenant: string, m: Message, key: string | null): Message {
    statement(
      db,
      `INSERT INTO messages (tenant, id, customer_id, order_id, idempotency_key, doc) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant, id) DO UPDATE SET doc = excluded.doc`,
    ).run(tenant, m.id, m.customerId, m.orderId ?? null, key, JSON.stringify(m));
    return m;
  }

  return guardPort('notify', notifyContract, {
    send({ tenant, customerId, orderId, channel, template, body, idempotencyKey }) {
      const customer = requireCustomer(world, tenant, customerId);
      if (orderId) requireOrder(world, tenant, orderId);
      return db.transaction(() => {
        const existing = statement(db, 'SELECT doc FROM messages WHERE tenant = ? AND idempotency_key = ?').get(tenant, idempotencyKey) as { doc: string } | undefined;
        if (existing) return JSON.parse(existing.doc) as Message;
        const contact = channel === 'email' ? customer.email : customer.phone;
        const base = { id: world.nextId('msg'), customerId, ...(orderId ? { orderId } : {}), channel, template, body, sentAt: world.nowIso() };
        const m: Message = contact
          ? { ...base, status: 'sent' }
          : { ...base, status: 'failed', failureReason: `customer has no ${channel === 'email' ? 'email address' : 'phone number'}` };
        return store(tenant, m, idempotencyKey);
      })();
    },
    retract({ tenant, messageId, reason }) {
      world.requireTenant(tenant);
      return db.transaction(() => {
        const row = statement(db, 'SELECT doc FROM messages WHERE tenant = ? AND id = ?').get(tenant, messageId) as { doc: string } | undefined;
        if (!row) throw new NotFoundError('messageId', messageId, 'message');
        const m = JSON.parse(row.doc) as Message;
        if (m.status !== 'sent') throw new ConflictError('not_retractable', 'messageId', `message '${messageId}' is ${m.status}`);
        const retracted = store(tenant, { ...m, status: 'retracted' }, null);
        const correction = store(tenant, {
          id: world.nextId('msg'), customerId: m.customerId, ...(m.orderId ? { orderId: m.orderId } : {}), channel: m.channel,
          template: 'correction', body: `Please disregard our earlier message: ${reason}`, status: 'sent', sentAt: world.nowIso(),
        }, null);
        return { retracted, correction };
      })();
    },
    listMessages({ tenant, customerId, orderId }) {
      world.requireTenant(tenant);
      // One statement per filter given, so SQLite can use the index for it (an `? IS NULL OR` test defeats it).
      const where = [['customer_id', customerId], ['order_id', orderId]].filter(([, v]) => v !== undefined);
      const sql = `SELECT doc FROM messages WHERE tenant = ?${where.map(([c]) => ` AND ${c} = ?`).join('')} ORDER BY id`;
      const rows = statement(db, sql).all(tenant, ...where.map(([, v]) => v!)) as { doc: string }[];
      return rows.map((r) => JSON.parse(r.doc) as Message);
    },
  });
}
