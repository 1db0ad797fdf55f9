/**
 * Placeholders in eval cases for what the agents decided on the eval day: decision and review ids, the carrier a
 * shipment went to, the orders left unassigned. Orders, vehicles and carriers come from the seeded generator and are
 * written as they are; what the agents did is looked up in the played day, so a change to an agent that renumbers the
 * decision log does not turn the eval into a test of yesterday's ids. Every lookup reads the stores directly, never
 * through the copilot's own tools.
 */
import { InputError, toIso } from '../../domain/index.ts';
import type { Store } from '../../store/index.ts';
import type { EvalCase } from './eval.ts';

/** Stores and the frozen time a case's placeholders are read against. */
export interface FactSource {
  store: Store;
  tenant: string;
  /** Epoch seconds. */
  now: number;
}

type Lookup = (src: FactSource, args: string[]) => string | undefined;

const one = (src: FactSource, sql: string, ...params: (string | number)[]) => src.store.db.prepare(sql).pluck().get(...params) as string | undefined;

/** The lookups a case may use, as `{{name:arg:arg}}`. */
const LOOKUPS: Record<string, Lookup> = {
  /** The first decision of a kind about a target (an order, shipment or route), not an approval acting on one. */
  decision: (src, [kind, target]) => one(src,
    "SELECT id FROM decision_log WHERE tenant = ? AND kind = ? AND json_extract(body, '$.proposal.target.id') = ? AND json_extract(body, '$.refersTo') IS NULL ORDER BY seq LIMIT 1",
    src.tenant, kind!, target!),
  /** Its number, as a dispatcher would say it ("decision 169"). */
  decisionNo: (src, args) => LOOKUPS.decision!(src, args)?.replace(/^dec-0*/, ''),
  /** The carrier of the latest executed tender of a shipment. */
  tenderCarrier: (src, [shipment]) => one(src,
    "SELECT json_extract(body, '$.proposal.payload.carrierId') FROM decision_log WHERE tenant = ? AND kind = 'carrier.tender' AND outcome = 'executed' AND json_extract(body, '$.proposal.target.id') = ? ORDER BY seq DESC LIMIT 1",
    src.tenant, shipment!),
  /** The n-th review still pending and inside its deadline, oldest first. */
  pendingReview: (src, [n]) => one(src,
    "SELECT id FROM reviews WHERE tenant = ? AND status = 'pending' AND expires_at > ? ORDER BY created_at, id LIMIT 1 OFFSET ?",
    src.tenant, toIso(src.now), Number(n)),
  pendingReviewNo: (src, args) => LOOKUPS.pendingReview!(src, args)?.replace(/^rev-0*/, ''),
  /** The n-th order (by id) whose shipment the current plan leaves unassigned and no carrier took. */
  unassignedOrder: (src, [n]) => {
    const plan = src.store.plans.current(src.tenant);
    const ids = (plan?.unassigned ?? []).map((u) => src.store.shipments.get(src.tenant, u.shipmentId))
      .filter((s) => s !== undefined && !s.carrierId).map((s) => s!.orderIds[0]!).sort();
    return ids[Number(n)];
  },
  /** The n-th order (by id) still created, not released, more than 30 minutes after it came in. */
  notReleasedOrder: (src, [n]) => one(src,
    "SELECT id FROM orders WHERE tenant = ? AND status = 'created' AND created_at < ? AND substr(json_extract(doc, '$.windows[0].end'), 1, 10) = ? ORDER BY id LIMIT 1 OFFSET ?",
    src.tenant, toIso(src.now - 1800), toIso(src.now).slice(0, 10), Number(n)),
};

const PLACEHOLDER = /\{\{(\w+)((?::[^:}]+)*)\}\}/g;

/** The text with every placeholder replaced; an unknown lookup or one with no answer is an InputError naming it. */
export function resolveText(text: string, src: FactSource, where: string): string {
  return text.replace(PLACEHOLDER, (whole, name: string, rest: string) => {
    const lookup = LOOKUPS[name];
    if (!lookup) throw new InputError('bad_placeholder', [{ path: where, reason: `unknown placeholder ${whole}` }]);
    const value = lookup(src, rest.split(':').slice(1));
    if (value === undefined) throw new InputError('bad_placeholder', [{ path: where, reason: `${whole} has no value on this day` }]);
    return value;
  });
}

/** The case with its message, expected arguments and facts resolved against the played day. */
export function resolveCase(c: EvalCase, src: FactSource): EvalCase {
  const deep = (v: unknown, where: string): unknown =>
    typeof v === 'string' ? resolveText(v, src, where)
      : Array.isArray(v) ? v.map((x, i) => deep(x, `${where}.${i}`))
        : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x, `${where}.${k}`)])) : v;
  return {
    ...c,
    message: resolveText(c.message, src, `${c.id}.message`),
    expect: { tools: c.expect.tools.map((t, i) => ({ name: t.name, args: deep(t.args, `${c.id}.expect.tools.${i}.args`) as Record<string, unknown> })) },
    facts: c.facts.map((f, i) => resolveText(f, src, `${c.id}.facts.${i}`)),
  };
}
