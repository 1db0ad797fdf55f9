/** The words that signal each intent, as data: each cue is one or more keywords that must all appear, and a weight. */
import { z } from 'zod';

/** What the copilot can be asked: each intent is answered by the tool of the same name. */
export const IntentName = z.enum([
  'orders_at_risk', 'order_status', 'fleet_status', 'explain_decision', 'carrier_performance', 'kpis', 'pending_reviews',
  'decide_review', 'request_replan', 'request_retender', 'sop_lookup',
]);
export type IntentName = z.infer<typeof IntentName>;

/** Intents that would change something: they go through the policy gate, and need an explicit verb and an id. */
export const ACTING_INTENTS: ReadonlySet<IntentName> = new Set(['decide_review', 'request_replan', 'request_retender']);

export interface Cue {
  /** Keywords that must all appear (each fuzzily matched). */
  all: readonly string[];
  weight: number;
  /** A verb cue: an acting intent is chosen only when one of its verb cues matched. */
  verb?: boolean;
}

const c = (words: string, weight: number, verb = false): Cue => ({ all: words.split(' '), weight, ...(verb ? { verb } : {}) });

/** Cues per intent; a message scores the sum of the weights of the cues it holds. */
export const CUES: Record<IntentName | 'help', readonly Cue[]> = {
  orders_at_risk: [
    c('risk', 3), c('late', 3), c('delay', 3), c('behind', 2), c('miss', 2), c('breach', 3), c('sla', 2), c('overdue', 3),
    c('jeopardy', 3), c('tight', 2), c('slip', 2), c('won\'t make', 3), c('not make', 2), c('endangered', 3), c('slipping', 3),
    c('trouble', 1), c('danger', 2), c('worry', 1), c('worried', 1), c('concern', 1), c('window', 1),
  ],
  order_status: [
    c('status', 2), c('where', 2), c('track', 2), c('eta', 1), c('update', 1), c('state', 1), c('progress', 2),
    c('happened', 1), c('happening', 1), c('whereabouts', 2), c('arrive', 1), c('arriving', 1), c('deliver', 1), c('info', 1), c('details', 1),
    c('look up', 2), c('lookup', 2), c('check', 1), c('going', 1),
  ],
  fleet_status: [
    c('fleet', 3), c('vehicle', 2), c('van', 2), c('truck', 2), c('reefer', 2), c('rigid', 2), c('lorry', 2), c('lorries', 2),
    c('down', 2), c('broken', 2), c('available', 2), c('maintenance', 2), c('driving', 1), c('position', 1), c('idle', 2),
    c('out of service', 2), c('on the road', 2), c('where', 1), c('status', 1), c('free', 1),
  ],
  explain_decision: [
    c('why', 4), c('explain', 3), c('reason', 1), c('how come', 3), c('decided', 2), c('decision', 2), c('rationale', 3),
    c('justify', 2), c('justification', 3), c('reasoning', 3), c('what made', 2),
  ],
  carrier_performance: [
    c('carrier', 2), c('performance', 2), c('perform', 3), c('performing', 3), c('on time', 2), c('reliable', 2),
    c('reliability', 3), c('score', 2), c('doing', 1), c('scorecard', 3), c('rejection', 1), c('compare', 1), c('tenders', 1),
  ],
  kpis: [
    c('kpi', 4), c('kpis', 4), c('metric', 3), c('stats', 3), c('statistics', 3), c('numbers', 2), c('summary', 2), c('dashboard', 3),
    c('how did we do', 3), c('how are we doing', 3), c('throughput', 3), c('automation', 3), c('overview', 2), c('report', 2),
    c('how many', 1), c('totals', 2), c('recap', 3), c('how many orders', 3), c('volume', 2), c('came in', 2), c('on time rate', 3),
  ],
  pending_reviews: [
    c('review', 3), c('pending', 2), c('approval', 3), c('queue', 2), c('waiting', 2), c('sign off', 2), c('signoff', 2),
    c('awaiting', 2), c('inbox', 2), c('need me', 1), c('open', 1), c('decide', 1), c('to do', 1), c('todo', 1),
    c('to approve', 3), c('to decide', 3), c('to sign off', 3),
  ],
  decide_review: [
    c('approve', 4, true), c('reject', 4, true), c('accept', 3, true), c('decline', 3, true), c('deny', 3, true),
    c('sign off', 3, true), c('signoff', 3, true), c('greenlight', 3, true), c('turn down', 3, true), c('okay', 1), c('ok', 1), c('go ahead', 2, true),
  ],
  request_replan: [
    c('replan', 5, true), c('reroute', 5, true), c('reoptimize', 5, true), c('reoptimise', 5, true), c('rebuild route', 4, true),
    c('redo route', 4, true), c('redistribute', 3, true), c('reassign', 3, true), c('reshuffle', 3, true), c('resequence', 4, true),
    c('recalculate route', 4, true), c('new plan', 3, true), c('new route', 3, true), c('plan again', 4, true), c('redo the route', 4, true),
  ],
  request_retender: [
    c('retender', 5, true), c('tender again', 5, true), c('another carrier', 4, true), c('different carrier', 4, true),
    c('other carrier', 4, true), c('new carrier', 3, true), c('rebook', 3, true), c('switch carrier', 4, true), c('change carrier', 4, true),
    c('tender it', 3, true), c('tender', 1),
  ],
  sop_lookup: [
    c('sop', 5), c('sops', 5), c('procedure', 4), c('process', 2), c('what do we do', 5), c('what should', 3), c('how do i handle', 5),
    c('how do we handle', 5), c('what to do', 5), c('how should', 3), c('what happens if', 3), c('when', 1), c('if', 1), c('deal with', 3),
    c('what do i do', 5), c('what should i do', 5), c('what should we do', 5), c('what now', 4), c('now what', 4),
    // Situations the SOPs cover: a weak hint on their own, enough beside "what do we do".
    c('customs', 1), c('damaged', 1), c('refused', 1), c('excursion', 1), c('breakdown', 1), c('stockout', 1), c('not home', 1), c('closed', 1), c('address', 1), c('not found', 1), c('spill', 1), c('late pick', 2), c('short pick', 2),
    c('handle', 2), c('how to', 2), c('playbook', 4), c('guideline', 3), c('guidance', 3), c('steps', 2), c('last time', 3), c('precedent', 4),
    c('what did we do', 4), c('protocol', 3), c('rule', 1), c('rules', 1), c('instructions', 2), c('supposed to', 2), c('manual', 2),
  ],
  help: [c('help', 3), c('what can you do', 5), c('hello', 2), c('hi', 2), c('hey', 2), c('commands', 2), c('capabilities', 3), c('who are you', 3)],
};
