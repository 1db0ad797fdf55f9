/**
 * The offline copilot's answers: each tool's output written as a dispatcher reads it, citing the ids it rests on.
 * Text that came from outside (order notes, SOPs) is quoted as such, never obeyed.
 */
import type { z } from 'zod';
import type {
  CarrierPerformanceOutput, DecideReviewOutput, ExplainDecisionOutput, FleetStatusOutput, KpisOutput, OrdersAtRiskOutput, OrderStatusOutput,
  PendingReviewsOutput, RequestOutput, SopLookupOutput,
} from '../../tools/copilot/index.ts';

type Out<S extends z.ZodType> = z.output<S>;

const hhmm = (iso: string | null) => (iso ? `${iso.slice(11, 16)} UTC` : 'no time');
const day = (iso: string) => iso.slice(0, 10);
const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 1000) / 10} %`);
const counts = (r: Record<string, number>) => Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${n} ${k.replaceAll('_', ' ')}`).join(', ');
/** Outside text, shortened and quoted so it reads as data. */
const quote = (text: string, max = 200) => `"${text.replace(/\s+/g, ' ').slice(0, max)}${text.length > max ? '…' : ''}"`;
const span = (from: string, to: string) => (day(from) === day(to) ? `${day(from)} ${hhmm(from)}–${hhmm(to)}` : `${day(from)} to ${day(to)}`);

function ordersAtRisk(o: Out<typeof OrdersAtRiskOutput>): string {
  const f = o.filters;
  const only = [f.tier, f.depotId, f.after ? `ending after ${hhmm(f.after)}` : null, f.before ? `ending before ${hhmm(f.before)}` : null, f.reason?.replace('_', ' ')].filter(Boolean);
  const where = `${only.length > 0 ? `${only.join(', ')}; ` : ''}window ending ${span(o.from, o.to)}, as of ${hhmm(o.asOf)}`;
  if (o.total === 0) return `No open orders at SLA risk (${where}).`;
  const lines = o.orders.map((r) => `- ${r.orderId} (${r.tier}, ${r.depotId}): ${r.reason.replace('_', ' ')}: ${r.detail}${r.vehicleId ? `; on ${r.vehicleId}` : ''}${r.carrierId ? `; with ${r.carrierId}` : ''}`);
  const more = o.total > o.orders.length ? `\n…and ${o.total - o.orders.length} more.` : '';
  return `${o.total} order(s) at SLA risk (${where}): ${counts(o.byReason)}.\n${lines.join('\n')}${more}`;
}

function orderStatus(o: Out<typeof OrderStatusOutput>): string {
  const parts = [`${o.orderId} (${o.tier}, ${o.depotId}, customer ${o.customerId}): OMS status ${o.oms.status}; window ${o.oms.windows.map((w) => `${hhmm(w.start)}–${hhmm(w.end)}`).join(' or ')}${o.oms.promisedBy ? `; promised by ${o.oms.promisedBy}` : ''}.`];
  for (const s of o.dispatch) {
    const who = s.vehicleId ? `on ${s.vehicleId}` : s.carrierId ? `with carrier ${s.carrierId}` : 'not on a van yet';
    const when = s.eta ? `, ETA ${hhmm(s.eta)}${s.lateByMinutes ? ` (${s.lateByMinutes} min late)` : ' (on time)'}` : '';
    parts.push(`Shipment ${s.shipmentId} ${s.status}, ${who}${when}.`);
  }
  if (o.dispatch.length === 0) parts.push('No shipment yet (not picked).');
  if (o.wms.tasks.length > 0) parts.push(`WMS: ${o.wms.tasks.length} pick task(s): ${counts(Object.fromEntries(countBy(o.wms.tasks.map((t) => t.status))))}.`);
  parts.push(o.risk ? `SLA risk: ${o.risk.reason.replace('_', ' ')}: ${o.risk.detail}.` : 'Not at SLA risk.');
  if (o.oms.notes) parts.push(`Order note (customer text, quoted): ${quote(o.oms.notes)}.`);
  if (o.messages.length > 0) parts.push(`Customer messages: ${o.messages.map((m) => `${m.id} ${m.template} (${m.status})`).join(', ')}.`);
  const then = (d: (typeof o.decisions)[number]) => (d.then.length > 0 ? ` (then ${d.then.map((x) => `${x.id} ${x.outcome} by ${x.actor}`).join(', ')})` : '');
  if (o.decisions.length > 0) parts.push(`Decisions: ${o.decisions.map((d) => `${d.id} ${d.kind} ${d.level} ${d.outcome}${then(d)}`).join('; ')}.`);
  return parts.join('\n');
}

function countBy(values: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

function fleetStatus(o: Out<typeof FleetStatusOutput>): string {
  const one = o.vehicles.length === 1 && Object.values(o.counts).reduce((a, b) => a + b, 0) === 1;
  if (one) {
    const v = o.vehicles[0]!;
    const parts = [`${v.vehicleId} ${v.name} (${v.kind}, ${v.depotId}) is ${v.status.replace('_', ' ')}${v.position ? `, last seen ${hhmm(v.position.at)} at ${v.position.lat.toFixed(4)}, ${v.position.lon.toFixed(4)}` : ''}.`];
    parts.push(v.stops > 0 ? `Route in plan v${o.planVersion}: ${v.stops} stop(s), ${v.stopsDone} done${v.nextStop ? `; next ${v.nextStop.shipmentId} ETA ${hhmm(v.nextStop.eta)}` : ''}.` : 'No stops in the current plan.');
    if (v.lateStops.length > 0) parts.push(`Late: ${v.lateStops.map((s) => `${s.shipmentId} by ${s.lateByMinutes} min`).join(', ')}.`);
    if (v.decisions.length > 0) parts.push(`Latest decisions: ${v.decisions.map((d) => `${d.id} ${d.kind} ${d.outcome}: ${d.summary.slice(0, 160)}`).join('; ')}`);
    return parts.join('\n');
  }
  const total = Object.values(o.counts).reduce((a, b) => a + b, 0);
  if (o.vehicles.length === 0) return `No vehicle matches (${total} in all: ${counts(o.counts)}).`;
  const lines = o.vehicles.slice(0, 25).map((v) => `- ${v.vehicleId} ${v.name} (${v.depotId}): ${v.status.replace('_', ' ')}, ${v.stops} stop(s)${v.lateStops.length > 0 ? `, ${v.lateStops.length} late` : ''}`);
  return `Fleet as of ${hhmm(o.asOf)}: ${total} vehicle(s): ${counts(o.counts)}.${o.vehicles.length < total ? ` Showing ${o.vehicles.length}:` : ''}\n${lines.join('\n')}${o.vehicles.length > 25 ? `\n…and ${o.vehicles.length - 25} more.` : ''}`;
}

function explainDecision(o: Out<typeof ExplainDecisionOutput>): string {
  if (o.decisions.length === 0) return `The decision log has no ${o.about}.`;
  return o.decisions.map((d) => {
    const parts = [`${d.id}: ${d.kind} proposed by ${d.agent}${d.target ? ` on ${d.target}` : ''}, ${d.level} ${d.outcome} at ${d.at.slice(0, 10)} ${hhmm(d.at)}.`, `Why: ${d.summary}`];
    if (d.constraints.length > 0) parts.push(`Constraints: ${d.constraints.join('; ')}.`);
    if (d.alternatives.length > 0) parts.push(`Alternatives rejected: ${d.alternatives.map((a) => `${a.summary} (${a.rejectedBecause})`).join('; ')}.`);
    if (d.reasons.length > 0) parts.push(`Gate: ${d.reasons.join('; ')}.`);
    if (d.actedOnBy.length > 0) parts.push(`Since then: ${d.actedOnBy.map((x) => `${x.id} ${x.outcome} by ${x.actor}`).join('; ')}.`);
    return parts.join('\n');
  }).join('\n\n');
}

function carrierPerformance(o: Out<typeof CarrierPerformanceOutput>): string {
  if (o.carriers.length === 0) return 'No carriers known.';
  const when = o.from && o.to ? ` (tenders ${span(o.from, o.to)})` : '';
  const lines = o.carriers.map((c) => {
    const seen = c.observed.delivered > 0 ? `observed on-time ${pct(c.observed.onTimeRate)} of ${c.observed.delivered}` : 'no deliveries observed yet';
    const exc = Object.keys(c.observed.exceptions).length > 0 ? `, exceptions ${counts(c.observed.exceptions)}` : '';
    const t = c.tenders;
    const tenders = t.proposed > 0 ? `; ${t.proposed} tender(s): ${t.accepted} accepted, ${t.rejected} rejected${t.queued ? `, ${t.queued} waiting` : ''}, spend ${t.spendMinor} minor units (${c.tenderDecisionIds.join(', ')})` : '; no tenders';
    return `- ${c.carrierId} ${c.name}: claimed on-time ${pct(c.claimedOnTimeRate)}, ${seen}${exc}${tenders}`;
  });
  return `Carrier performance${when}:\n${lines.join('\n')}`;
}

function kpis(o: Out<typeof KpisOutput>): string {
  const d = o.decisions;
  return [
    `KPIs ${span(o.from, o.to)}${o.depotId ? `, ${o.depotId}` : ''}:`,
    `- orders created: ${o.orders.created}${o.orders.created > 0 ? ` (status now: ${counts(o.orders.byStatus)})` : ''}`,
    `- projected on-time: ${pct(o.projectedOnTime.rate)} (${o.projectedOnTime.onTime} of ${o.projectedOnTime.withEta} with an ETA)`,
    `- decisions: ${d.total}${d.total > 0 ? ` (${counts(d.byOutcome)})` : ''}; automation rate ${pct(d.automationRate)}`,
    `- reviews: ${o.reviews.pendingNow} pending now, ${o.reviews.decidedInPeriod} decided in the period`,
    `- carrier tenders: ${o.tenders}; customer notices: ${o.customerNotices}`,
  ].join('\n');
}

function pendingReviews(o: Out<typeof PendingReviewsOutput>): string {
  const overdue = o.overdue > 0 ? ` ${o.overdue} more passed their deadline and expire unexecuted.` : '';
  if (o.total === 0) return `No reviews are pending.${overdue}`;
  const lines = o.reviews.map((r) => `- ${r.reviewId} ${r.kind} on ${r.target} for ${r.role}, due ${hhmm(r.expiresAt)}${r.youMayDecide ? '' : ' (not yours to decide)'}: ${r.summary.slice(0, 160)}`);
  return `${o.total} review(s) pending${o.reviews.length < o.total ? `, oldest ${o.reviews.length} shown` : ''}:${overdue}\n${lines.join('\n')}`;
}

function decided(o: Out<typeof DecideReviewOutput>): string {
  const done = o.verdict === 'approve' ? 'Approved' : 'Rejected';
  const dup = o.duplicate ? ' (it had been decided before; nothing new was logged)' : '';
  return `${done} ${o.reviewId} (${o.kind}) as ${o.actor}: logged as ${o.decisionId}, ${o.level} ${o.outcome}${dup}.${o.outboxId ? ` The action is on its way (${o.outboxId}).` : ' Nothing is executed.'}`;
}

function requested(o: Out<typeof RequestOutput>): string {
  const what = o.kind === 'route.replan' ? `re-plan of ${o.target}` : `tender of ${o.target}`;
  const result = o.outcome === 'queued' ? `queued for review ${o.reviewId ?? ''} (${o.level}): nothing changes until it is approved`
    : o.outcome === 'executed' ? `executed at ${o.level}${o.outboxId ? `, on its way (${o.outboxId})` : ''}`
      : `${o.outcome}: nothing was done`;
  return `Your ${what} went through the policy gate as ${o.decisionId}, logged with you (${o.actor}) as actor: ${result}.\n${o.summary}${o.reasons.length > 0 ? `\nGate: ${o.reasons.join('; ')}.` : ''}`;
}

function sopLookup(o: Out<typeof SopLookupOutput>): string {
  if (!o.available) return 'The SOP index is not open here, so I cannot look that up.';
  if (o.hits.length === 0) return 'No SOP or past decision matches that.';
  const [top, ...rest] = o.hits;
  const lines = [`From ${top!.cite} (quoted): ${quote(top!.text, 500)}`];
  if (rest.length > 0) lines.push(`See also: ${rest.map((h) => h.cite).join('; ')}.`);
  return lines.join('\n');
}

// Each writer takes its tool's output; the caller has checked it against the tool's output schema.
const WRITERS: Record<string, (output: never) => string> = {
  orders_at_risk: ordersAtRisk, order_status: orderStatus, fleet_status: fleetStatus, explain_decision: explainDecision,
  carrier_performance: carrierPerformance, kpis, pending_reviews: pendingReviews, decide_review: decided,
  request_replan: requested, request_retender: requested, sop_lookup: sopLookup,
};

/** One tool's result as text: its writer for a parsed output, or the error it reported. */
export function writeResult(tool: string, output: unknown, error: string | undefined): string {
  if (error !== undefined) return `I could not do that (${tool}): ${error}. Nothing was changed.`;
  const write = WRITERS[tool];
  return write ? write(output as never) : `${tool} answered: ${JSON.stringify(output).slice(0, 1000)}`;
}
