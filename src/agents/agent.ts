/** What an agent is: a named node that reads the world through ports and returns action proposals, never writes. */
import { createHash } from 'node:crypto';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Ports } from '../connectors/index.ts';
import type { ActionKind, ActionProposal, AgentName, Clock, DecisionEntry, EventType, Explanation, MarshalEvent } from '../domain/index.ts';
import { SUMMARY_MAX, toIso } from '../domain/index.ts';
import { type DecisionQuery, decisionsWithOutcome, lastDecisionWithOutcome } from '../ledger/index.ts';
import type { ModelLog } from '../llm/index.ts';
import type { Store } from '../store/index.ts';

/** A language model an agent may consult at its edges (wording, not decisions); every call has a rule-based fallback. */
export interface AgentModel {
  model: BaseChatModel;
  modelId: string;
  log: ModelLog;
  timeoutMs?: number;
}

export interface AgentDeps {
  ports: Ports;
  store: Store;
  clock: Clock;
  /** Absent offline: agents then use their deterministic wording. */
  llm?: AgentModel;
}

export interface AgentOutput {
  proposals: ActionProposal[];
  /** What the agent found, for the run's trace (not the decision log). */
  notes: string[];
}

/** The proposals and notes of several steps of one agent's turn, in order. */
export function combine(...outputs: AgentOutput[]): AgentOutput {
  return { proposals: outputs.flatMap((o) => o.proposals), notes: outputs.flatMap((o) => o.notes) };
}

export interface Agent {
  name: AgentName;
  /** Handles one event; an event the agent has nothing to say about gives no proposals. */
  onEvent(event: MarshalEvent, deps: AgentDeps): Promise<AgentOutput>;
  /**
   * Handles several events of one of the types in `batches` at once, in arrival order (a wave of picks: one plan
   * pass, not one per pick). The runner batches a type only when every agent its route runs lists it; one event
   * always goes to `onEvent`.
   */
  onBatch?(events: readonly MarshalEvent[], deps: AgentDeps): Promise<AgentOutput>;
  /** The event types `onBatch` takes together. */
  batches?: readonly EventType[];
  /**
   * A human rejected one of its proposals, or nobody decided it in time: the agent puts back what it had set aside for it in Marshal's own state
   * (a plan version it saved). Returns notes for the run's trace. Systems of record were never touched: L1 waited.
   */
  onRejected?(proposal: ActionProposal, deps: AgentDeps): string[];
  /**
   * The kinds of action whose approval this agent answers again, when it comes after the proposing agent in the
   * event's route (a route approved: Hub books the van's door, Customer tells the ETA); after any kind when absent.
   * An agent whose work does not depend on what was approved says none: running it again only proposes repeats.
   */
  afterApproval?: readonly ActionKind[];
}

/**
 * Decisions matching `query` whose action went out or waits for review (executed or queued), oldest first: what an
 * agent asks before it proposes something again, as each pass after an approval runs it again for the same event.
 */
export function standing(deps: AgentDeps, query: StandingQuery): DecisionEntry[] {
  return decisionsWithOutcome(deps.store.db, query, STANDING);
}

/** The newest decision matching `query` whose action went out or waits for review, if any (one row read). */
export function lastStanding(deps: AgentDeps, query: StandingQuery): DecisionEntry | undefined {
  return lastDecisionWithOutcome(deps.store.db, query, STANDING);
}

type StandingQuery = Omit<DecisionQuery, 'outcome' | 'limit'>;
const STANDING = ['executed', 'queued'] as const;

/** The batch as events of `type`, or undefined when any of it is of another type. */
export function allOf<T extends EventType>(events: readonly MarshalEvent[], type: T): Extract<MarshalEvent, { type: T }>[] | undefined {
  const same = events.filter((e): e is Extract<MarshalEvent, { type: T }> => e.type === type);
  return same.length === events.length ? same : undefined;
}

/** Picks only: the batch a pick handler takes whole, or undefined for a batch of anything else. */
export const picksOf = (events: readonly MarshalEvent[]) => allOf(events, 'wms.pick.completed');

/** A batch an agent has no batch handling for: its events one after another through `onEvent`. */
export async function eachInTurn(agent: Pick<Agent, 'onEvent'>, events: readonly MarshalEvent[], deps: AgentDeps): Promise<AgentOutput> {
  const outputs: AgentOutput[] = [];
  for (const event of events) outputs.push(await agent.onEvent(event, deps));
  return combine(...outputs);
}

export interface ProposalSpec {
  kind: ActionKind;
  target: ActionProposal['target'];
  payload: Record<string, unknown>;
  impact: ActionProposal['impact'];
  confidence: number;
  explanation: Explanation;
}

/**
 * A proposal answering `event`. Its id is derived from the event, agent, kind and target, so a node that runs
 * again after a crash proposes the same id and governance decides it once.
 */
export function propose(agent: AgentName, event: MarshalEvent, clock: Clock, spec: ProposalSpec): ActionProposal {
  const digest = createHash('sha256').update(`${event.tenant}|${event.source}|${event.id}|${agent}|${spec.kind}|${spec.target.id}`).digest('hex');
  return {
    id: `prop-${digest.slice(0, 24)}`, agent, tenant: event.tenant, createdAt: toIso(clock.now()),
    trigger: { kind: 'event', eventId: event.id, eventType: event.type }, ...spec,
    explanation: { ...spec.explanation, summary: clipped(spec.explanation.summary) },
  };
}

/**
 * A summary cut to the log's limit, saying so: a summary that lists what a big batch moved must not make the gate
 * refuse the proposal (and the run fail). The full lists are in the explanation's constraints and inputs.
 */
export function clipped(summary: string): string {
  if (summary.length <= SUMMARY_MAX) return summary;
  const note = ` … (cut to the log's ${SUMMARY_MAX.toLocaleString('en')} characters: the constraints and inputs have it all)`;
  return summary.slice(0, SUMMARY_MAX - note.length) + note;
}

/** Up to `shown` items, then how many more: lists in summaries stay readable however big the batch. */
export function listed(items: readonly string[], shown = 10): string {
  return items.length <= shown ? items.join(', ') : `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}
