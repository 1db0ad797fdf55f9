/** The agent graph's state: the event being handled, the agents still to run, and what was proposed and decided. */
import { Annotation } from '@langchain/langgraph';
import type { ActionProposal, AgentName, DecisionOutcome, MarshalEvent } from '../domain/index.ts';

/** What the gate did with one proposal. */
export interface DecisionSummary {
  proposalId: string;
  /** The event the proposal answered (its trigger); absent in checkpoints written before it was kept here. */
  eventId?: string | null;
  decisionId: string;
  outcome: DecisionOutcome;
  reviewId: string | null;
}

/** A list that grows during a run; a new event starts it afresh with `{ reset: [] }`, and a node may replace it whole. */
type ListUpdate<T> = T[] | { reset: T[] };

function list<T>() {
  return Annotation<T[], ListUpdate<T>>({
    reducer: (current, update) => (Array.isArray(update) ? current.concat(update) : update.reset),
    default: () => [],
  });
}

export const GraphState = Annotation.Root({
  /** The run's first event; every event of a run has its type, so the Orchestrator routes on this one. */
  event: Annotation<MarshalEvent>(),
  /**
   * Every event of the run in arrival order, `event` first: a batch of the same type run at once (picks of a wave),
   * or the one event a second pass after an approval answers.
   */
  events: Annotation<MarshalEvent[]>(),
  /** Agents still to run; null until the Orchestrator has read the routing table for this event. */
  queue: Annotation<AgentName[] | null>(),
  /**
   * Proposals the gate has yet to decide. The gate drops them once decided: the decision log holds them, a review its
   * own, and every later step of the run would write them to its checkpoint again (a wave's notices ran to hundreds of
   * kilobytes a step, and the ones waiting on review were half of a paused thread's checkpoint).
   */
  proposals: list<ActionProposal>(),
  decisions: list<DecisionSummary>(),
  notes: list<string>(),
  /** The review whose approval the later agents are running again for; null on the event's first pass. */
  after: Annotation<string | null>(),
});

export type GraphStateValue = typeof GraphState.State;
export type GraphStateUpdate = typeof GraphState.Update;

/** The input that starts a run for new events (one, or a batch of one type) on a thread that may hold an earlier run's state. */
export function startRun(events: MarshalEvent | readonly MarshalEvent[]): GraphStateUpdate {
  const all = Array.isArray(events) ? [...events] : [events as MarshalEvent];
  if (all.length === 0) throw new Error('a run needs at least one event');
  return { event: all[0]!, events: all, queue: null, proposals: { reset: [] }, decisions: { reset: [] }, notes: { reset: [] }, after: null };
}

/** The events a run handles: older checkpoints hold only `event`. */
export const eventsOf = (state: Pick<GraphStateValue, 'event' | 'events'>): MarshalEvent[] => (state.events && state.events.length > 0 ? state.events : [state.event]);
