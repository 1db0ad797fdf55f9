/** The agent graph's state: the event being handled, the agents still to run, and what was proposed and decided. */
import { Annotation } from '@langchain/langgraph';
import type { ActionProposal, AgentName, DecisionOutcome, MarshalEvent } from '../domain/index.ts';

/** What the gate did with one proposal. */
export interface DecisionSummary {
  proposalId: string;
  decisionId: string;
  outcome: DecisionOutcome;
  reviewId: string | null;
}

/** A list that grows during a run; a new event starts it afresh with `{ reset: [] }`. */
type ListUpdate<T> = T[] | { reset: T[] };

function list<T>() {
  return Annotation<T[], ListUpdate<T>>({
    reducer: (current, update) => (Array.isArray(update) ? current.concat(update) : update.reset),
    default: () => [],
  });
}

export const GraphState = Annotation.Root({
  event: Annotation<MarshalEvent>(),
  /** Agents still to run; null until the Orchestrator has read the routing table for this event. */
  queue: Annotation<AgentName[] | null>(),
  proposals: list<ActionProposal>(),
  decisions: list<DecisionSummary>(),
  notes: list<string>(),
  /** The review whose approval the later agents are running again for; null on the event's first pass. */
  after: Annotation<string | null>(),
});

export type GraphStateValue = typeof GraphState.State;
export type GraphStateUpdate = typeof GraphState.Update;

/** The input that starts a run for a new event on a thread that may hold an earlier run's state. */
export function startRun(event: MarshalEvent): GraphStateUpdate {
  return { event, queue: null, proposals: { reset: [] }, decisions: { reset: [] }, notes: { reset: [] }, after: null };
}
