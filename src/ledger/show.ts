/** One decision as a person reads it: what triggered it, who proposed what, on which facts, and what happened. */
import type { ActionProposal, DecisionEntry } from '../domain/index.ts';

function section(title: string, lines: string[]): string {
  return lines.length === 0 ? '' : `\n${title}\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

function proposalLines(p: ActionProposal): { what: string; trigger: string; impact: string[] } {
  const t = p.trigger;
  return {
    what: `${p.kind} on ${p.target.system} ${p.target.type} ${p.target.id}`,
    trigger: [t.kind, t.eventType, t.eventId && `event ${t.eventId}`, t.actor && `by ${t.actor}`].filter(Boolean).join(', '),
    impact: [
      `cost: ${p.impact.costMinor} minor units of the tenant's currency`,
      `orders affected: ${p.impact.ordersAffected}`,
      `SLA risk: ${Math.round(p.impact.slaRisk * 100)} %`,
      `confidence: ${Math.round(p.confidence * 100)} %`,
    ],
  };
}

/** Plain text for `marshal log show`. */
export function formatDecision(e: DecisionEntry, actedOnBy: readonly DecisionEntry[] = []): string {
  const p = e.proposal ? proposalLines(e.proposal) : { what: e.kind, trigger: `administrative act by ${e.actor}`, impact: [] };
  const head = [
    `${e.id}  ${e.at}  tenant ${e.tenant}`,
    p.what,
    `${e.agent === 'human' ? 'by a person' : `proposed by the ${e.agent} agent`}; ${e.level}, ${e.outcome} (actor: ${e.actor})`,
    `trigger: ${p.trigger}${e.correlationId ? `; correlation ${e.correlationId}` : ''}`,
    ...(e.refersTo ? [`acts on: ${e.refersTo}`] : []),
    '',
    e.explanation.summary,
  ].join('\n');
  const inputs = Object.entries(e.explanation.inputs).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const alternatives = e.explanation.alternatives.map((a) => `${a.summary} — rejected: ${a.rejectedBecause}`);
  const later = actedOnBy.map((d) => `${d.id} ${d.at}: ${d.outcome} by ${d.actor}${d.reasons.length ? ` (${d.reasons.join('; ')})` : ''}`);
  return [
    head,
    '\n',
    section('Impact', p.impact),
    section('Inputs', inputs),
    section('Constraints', e.explanation.constraints),
    section('Alternatives', alternatives),
    section('Reasons for the verdict', e.reasons),
    section('Acted on later', later),
    `\nmodel ${e.model} · policy ${e.policyHash.slice(0, 12)} · schema v${e.schemaVersion} · hash ${e.hash.slice(0, 16)}…\n`,
  ].join('');
}
