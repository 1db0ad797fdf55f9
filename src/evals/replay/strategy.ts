/**
 * Dispatch strategies a replay compares. A strategy is data: which agents of the graph run, and, for a baseline that
 * plans on its own, a planner the replay calls after every event. Every strategy runs through the same runtime (inbox,
 * graph, gate, log, outbox), the same road simulator and the same KPIs; only who writes the plan differs.
 */
import type { AgentName, MarshalEvent } from '../../domain/index.ts';
import type { Runtime } from '../../graph/runtime.ts';
import type { ReplayDay } from './day.ts';
import { greedyPlanner } from './greedy.ts';
import { staticPlanner } from './static.ts';

/** What a strategy's planner sees: the running runtime, the replayed day, and the simulated now. */
export interface PlannerContext {
  runtime: Runtime;
  replay: ReplayDay;
  tenant: string;
  seed: number;
}

/** A baseline planner: after each event the runtime ingested (and at each clock tick, with no event), it may save a plan. */
export interface Planner {
  /** Called once the runtime has run its agents on `event` (undefined on a tick without events); returns when its plan is stored. */
  after(event: MarshalEvent | undefined, now: number): Promise<void>;
}

export interface Strategy {
  name: string;
  /** One line for the report: what the strategy does. */
  summary: string;
  /** Agents of the graph that run; Marshal's own routing is Dispatch (live plan, re-plans) and Carrier (tenders). */
  agents: readonly AgentName[];
  /** A planner of its own, for baselines: it saves plans and logs each assignment through the gate as `dispatch`. */
  planner?: (ctx: PlannerContext) => Planner;
}

/** Agents every strategy keeps: releases, notices, reschedules, restocks and settlement are not what is compared. */
const SUPPORT: readonly AgentName[] = ['capacity', 'hub', 'customer', 'settlement'];

/** The built-in strategies; add one here (a name, a summary, the agents, optionally a planner) to compare it. */
export const STRATEGIES: readonly Strategy[] = [
  {
    name: 'static',
    summary: 'one plan at the first shift start from the orders known then (ready times as release), what no van can take tendered once to the cheapest carrier on its lane; no re-planning, no re-tendering',
    agents: SUPPORT,
    planner: staticPlanner,
  },
  {
    name: 'greedy',
    summary: 'each ready shipment appended to the nearest van of its depot that has not left and can still make every window',
    agents: SUPPORT,
    planner: greedyPlanner,
  },
  {
    name: 'marshal',
    summary: 'the full graph: live-plan insertion at each pick, re-plans after breakdowns, carrier tenders for what the fleet cannot take',
    agents: ['capacity', 'dispatch', 'carrier', 'hub', 'customer', 'settlement'],
  },
];

/** The strategy of that name, or a RangeError listing the known ones. */
export function strategyByName(name: string, known: readonly Strategy[] = STRATEGIES): Strategy {
  const s = known.find((x) => x.name === name);
  if (!s) throw new RangeError(`unknown strategy '${name}'; known: ${known.map((x) => x.name).join(', ')}`);
  return s;
}
