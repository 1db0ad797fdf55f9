/** Test fixtures for the policy gate: a small policy that does not move when the shipped default is retuned, and proposals. */
import { ACTION_KINDS, type ActionKind, type ActionProposal, type AgentName, toEpochSeconds } from '../domain/index.ts';
import { Policy, type KindRule } from './schema.ts';

/** 2026-11-23T10:00:00Z, the `now` of every example. */
export const NOW = toEpochSeconds('2026-11-23T10:00:00Z');

export const TEST_BOUNDS = { maxCostMinor: 20_000, minConfidence: 0.7, maxOrdersAffected: 10, maxSlaRisk: 0.2 };

const rule = (level: KindRule['level'], extra: Partial<KindRule> = {}): KindRule => ({
  level,
  bounds: { ...TEST_BOUNDS },
  overrideWindowSeconds: 900,
  reviewRole: 'dispatcher',
  reviewDeadlineSeconds: 3600,
  ...extra,
});

/** Every kind L2 except customer.notify (L3) and invoice.dispute (L1, finance, two days); tenant-a and tenant-b override carrier.tender. */
export function testPolicy(): Policy {
  const kinds = Object.fromEntries(ACTION_KINDS.map((kind) => [kind, rule('L2')])) as Record<ActionKind, KindRule>;
  kinds['customer.notify'] = rule('L3');
  kinds['invoice.dispute'] = rule('L1', { reviewRole: 'finance', reviewDeadlineSeconds: 172_800 });
  const scope = (...list: ActionKind[]) => ({ kinds: list });
  return Policy.parse({
    schemaVersion: 1,
    name: 'test',
    kinds,
    agents: {
      orchestrator: scope(),
      capacity: scope('order.release', 'order.hold'),
      dispatch: scope('route.assign', 'route.replan'),
      carrier: scope('carrier.tender', 'carrier.score'),
      hub: scope('dock.assign'),
      customer: scope('customer.notify'),
      settlement: scope('invoice.post', 'invoice.dispute'),
      copilot: scope('route.replan', 'carrier.tender'),
    },
    tenants: {
      'tenant-a': { kinds: { 'carrier.tender': { level: 'L3', bounds: { maxCostMinor: 50_000 } } } },
      'tenant-b': { kinds: { 'carrier.tender': { level: 'L1', reviewRole: 'admin', reviewDeadlineSeconds: 600 } } },
    },
  });
}

export interface ProposalSketch {
  kind?: ActionKind;
  agent?: AgentName;
  tenant?: string;
  costMinor?: number;
  confidence?: number;
  ordersAffected?: number;
  slaRisk?: number;
}

/** A complete proposal, by default a carrier tender of tenant-c well inside the test bounds. */
export function proposal(sketch: ProposalSketch = {}): ActionProposal {
  return {
    id: 'prop-1',
    kind: sketch.kind ?? 'carrier.tender',
    agent: sketch.agent ?? 'carrier',
    tenant: sketch.tenant ?? 'tenant-c',
    target: { system: 'carrier', type: 'tender', id: 'tender-1' },
    payload: {},
    impact: {
      costMinor: sketch.costMinor ?? 10_000,
      ordersAffected: sketch.ordersAffected ?? 3,
      slaRisk: sketch.slaRisk ?? 0.05,
    },
    confidence: sketch.confidence ?? 0.9,
    explanation: { summary: 'tender lane A-B to the cheapest on-time carrier', constraints: [], inputs: {}, alternatives: [] },
    trigger: { kind: 'event', eventId: 'evt-1', eventType: 'carrier.tender.rejected' },
    createdAt: '2026-11-23T09:59:00Z',
  };
}
