/**
 * Proposal tools, one per action kind: each turns a payload, a target, an impact and an explanation into an
 * ActionProposal for the policy gate. They write nothing anywhere; governance decides what happens next.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  ACTION_KINDS, ACTION_PAYLOADS, ActionProposal, ActionTarget, canonicalJson, Explanation, toIso, Trigger,
  type ActionKind,
} from '../domain/index.ts';
import { defineTool, type MarshalTool, type ToolContext } from './define.ts';

/** What an explanation must say; the lists may be left out by a caller (a model) with nothing to add. */
const ProposalExplanation = Explanation.extend({
  constraints: Explanation.shape.constraints.default([]),
  inputs: Explanation.shape.inputs.default({}),
  alternatives: Explanation.shape.alternatives.default([]),
});

const proposalShape = (kind: ActionKind) => ({
  target: ActionTarget.describe('the object the action touches: system, type and id'),
  payload: ACTION_PAYLOADS[kind] as z.ZodType,
  impact: ActionProposal.shape.impact,
  confidence: ActionProposal.shape.confidence.describe('0..1: how sure the proposer is'),
  explanation: ProposalExplanation,
});

/** The input of kind K's proposal tool: that kind's payload schema beside the common fields. */
export type ProposalInput<K extends ActionKind> = z.ZodObject<
  Omit<ReturnType<typeof proposalShape>, 'payload'> & { payload: (typeof ACTION_PAYLOADS)[K] }
>;

/** The tool name of a kind: `order.release` → `propose_order_release` (tool names may not hold dots). */
export type ProposalToolName<K extends ActionKind> = K extends `${infer S}.${infer A}` ? `propose_${S}_${A}` : never;

/** `order.release` → `propose_order_release`. */
export function proposalToolName<K extends ActionKind>(kind: K): ProposalToolName<K> {
  return `propose_${kind.replaceAll('.', '_')}` as ProposalToolName<K>;
}

// Partial so a kind added to the domain gets a plain description until someone writes a better one.
const DESCRIPTIONS: Partial<Record<ActionKind, string>> = {
  'order.release': 'release an order to its depot for picking',
  'order.split': 'ship the lines in stock now and backorder the rest',
  'order.backorder': 'backorder an order that cannot ship now, with a new promise',
  'order.hold': 'hold an order (credit, fraud, missing data) with a reason',
  'stock.transfer': 'move stock from one depot to another',
  'order.substitute': 'replace the SKU of an order line by an allowed substitute',
  'promise.update': "change the date promised to the customer",
  'route.assign': 'put a shipment on a vehicle of the current plan',
  'route.replan': 'replan the routes of some vehicles',
  'carrier.tender': 'offer a shipment to a carrier at a price',
  'dock.assign': 'book a dock door for a vehicle and its shipments',
  'load.sequence': 'set the loading order of a vehicle',
  'customer.notify': 'send a customer a message (ETA, delay, reschedule...)',
  'delivery.reschedule': 'move a delivery to another window',
  'invoice.post': 'post a customer invoice after delivery, or approve a carrier invoice',
  'invoice.dispute': 'dispute a carrier invoice over its tender',
  'return.restock': 'put returned goods back in stock or quarantine',
  'carrier.score': "record a carrier's delivery outcome",
};

/**
 * A proposal's id comes from the tenant, trigger, agent, kind and target, as the agents' own proposals do, so a
 * re-run after a crash proposes the same id and governance decides it once. A trigger without an event id (a chat
 * turn not given one) has nothing to make re-runs stable, so the payload joins the hash to keep distinct proposals apart.
 */
function proposalId(ctx: ToolContext, trigger: z.output<typeof Trigger>, kind: ActionKind, target: z.output<typeof ActionTarget>, payload: unknown): string {
  const parts = [ctx.tenant, trigger.kind, trigger.eventId ?? '', trigger.actor ?? '', ctx.agent, kind, target.system, target.id];
  if (trigger.eventId === undefined) parts.push(canonicalJson(payload));
  return `prop-${createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 24)}`;
}

function proposalTool(ctx: ToolContext, kind: ActionKind) {
  const trigger = Trigger.parse(ctx.trigger ?? { kind: 'chat' });
  return defineTool({
    name: proposalToolName(kind),
    description: `Propose to ${DESCRIPTIONS[kind] ?? `take a ${kind} action`} (${kind}). Returns the proposal for the policy gate; nothing is executed.`,
    input: z.object(proposalShape(kind)),
    output: ActionProposal,
    run({ target, payload, impact, confidence, explanation }) {
      return {
        id: proposalId(ctx, trigger, kind, target, payload), kind, agent: ctx.agent, tenant: ctx.tenant, target,
        payload: payload as Record<string, unknown>, impact, confidence, explanation, trigger, createdAt: toIso(ctx.clock.now()),
      };
    },
  });
}

/** The proposal tool of one kind: its input carries that kind's payload schema. */
export type ProposalTool<K extends ActionKind> = MarshalTool<ProposalToolName<K>, ProposalInput<K>, typeof ActionProposal>;

export type ProposalTools = { [K in ActionKind as ProposalToolName<K>]: ProposalTool<K> };

/** One proposal tool per action kind, keyed by tool name. */
export function proposalTools(ctx: ToolContext): ProposalTools {
  // Each entry is built from its kind's own payload schema; the map type restates that per kind.
  return Object.fromEntries(ACTION_KINDS.map((kind) => [proposalToolName(kind), proposalTool(ctx, kind)])) as unknown as ProposalTools;
}
