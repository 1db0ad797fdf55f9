/** Action proposals: what an agent wants done, with its impact and explanation, before the policy gate. */
import { z } from 'zod';
import { Id } from './common.ts';
import { IsoTimestamp } from './units.ts';

export const AgentName = z.enum(['orchestrator', 'capacity', 'dispatch', 'carrier', 'hub', 'customer', 'settlement', 'copilot']);
export type AgentName = z.infer<typeof AgentName>;

export const ACTION_KINDS = [
  'order.release', 'order.split', 'order.backorder', 'order.hold', 'stock.transfer', 'order.substitute', 'promise.update',
  'route.assign',
  'route.replan', 'carrier.tender', 'dock.assign', 'load.sequence', 'customer.notify', 'delivery.reschedule',
  'invoice.post', 'invoice.dispute', 'return.expect', 'return.restock', 'carrier.score',
] as const;
export const ActionKind = z.enum(ACTION_KINDS);
export type ActionKind = z.infer<typeof ActionKind>;

/** What the action touches: a system of record and the object in it. */
export const ActionTarget = z.object({
  system: z.enum(['erp', 'wms', 'oms', 'carrier', 'notify', 'plan']),
  type: z.enum(['order', 'shipment', 'vehicle', 'route', 'tender', 'invoice', 'stock', 'dock', 'customer', 'carrier']),
  id: Id,
});

/** Longest explanation summary the decision log takes. */
export const SUMMARY_MAX = 2000;

export const Explanation = z.object({
  summary: z.string().min(1).max(SUMMARY_MAX),
  /** Constraints that bound the choice, e.g. "window 10:00-12:00 tight by 4 min". */
  constraints: z.array(z.string()),
  /** The facts the choice rests on, by name. */
  inputs: z.record(z.string(), z.unknown()),
  alternatives: z.array(z.object({ summary: z.string(), rejectedBecause: z.string() })),
});
export type Explanation = z.infer<typeof Explanation>;

export const Trigger = z.object({
  kind: z.enum(['event', 'chat', 'replay', 'schedule', 'human']),
  eventId: z.string().optional(),
  eventType: z.string().optional(),
  actor: z.string().optional(),
});

export const ActionProposal = z.object({
  id: Id,
  kind: ActionKind,
  agent: AgentName,
  tenant: Id,
  target: ActionTarget,
  payload: z.record(z.string(), z.unknown()),
  impact: z.object({
    /** Extra cost in minor units of the tenant's currency; negative is a saving. */
    costMinor: z.number().int(),
    ordersAffected: z.number().int().nonnegative(),
    /** 0..1: chance the action misses a customer promise. */
    slaRisk: z.number().min(0).max(1),
  }),
  confidence: z.number().min(0).max(1),
  explanation: Explanation,
  trigger: Trigger,
  createdAt: IsoTimestamp,
  /** The language model that shaped the proposal (its wording or choice); absent when deterministic rules did. */
  model: z.string().min(1).max(200).optional(),
  /**
   * Another proposal of the same agent step that this one only makes sense with (a notice telling the customer of a
   * reschedule): it is decided once that one goes out, waits while that one waits for review, and is dropped if that
   * one is refused, rejected or left to expire.
   */
  requires: Id.optional(),
});
export type ActionProposal = z.infer<typeof ActionProposal>;
