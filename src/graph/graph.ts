/** The agent graph: the Orchestrator routes an event through its agents; every proposal passes the gate; L1 waits. */
import { Command, END, interrupt, START, StateGraph } from '@langchain/langgraph';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import type { Agent, AgentDeps } from '../agents/agent.ts';
import type { AgentName } from '../domain/index.ts';
import type { Governance } from '../governance/index.ts';
import { deliverDue } from './execute/deliver.ts';
import { ROUTES } from './routing.ts';
import { type DecisionSummary, GraphState, type GraphStateValue } from './state.ts';

export interface GraphDeps extends AgentDeps {
  governance: Governance;
  agents: Partial<Record<AgentName, Agent>>;
  checkpointer: BaseCheckpointSaver;
}

/** What a review node hands to whoever resumes it. */
export interface ReviewPause {
  reviewIds: string[];
}

/** Builds and compiles the graph over the runtime's ports, store, governance and agents. */
export function buildGraph(deps: GraphDeps) {
  const agentNames = (Object.keys(deps.agents) as AgentName[]).sort();

  const orchestrator = (state: GraphStateValue) => {
    const queue = state.queue ?? ROUTES[state.event.type].filter((a) => deps.agents[a]);
    const next = queue[0];
    if (next) return new Command({ goto: next, update: { queue } });
    const waiting = state.decisions.some((d) => d.outcome === 'queued');
    return new Command({ goto: waiting ? 'review' : END, update: { queue } });
  };

  const agentNode = (name: AgentName) => async (state: GraphStateValue) => {
    const out = await deps.agents[name]!.onEvent(state.event, deps);
    return { proposals: out.proposals, notes: out.notes.map((n) => `${name}: ${n}`), queue: (state.queue ?? []).slice(1) };
  };

  // Idempotent: governance decides a proposal id once, and delivery skips what went out already.
  const gateNode = async (state: GraphStateValue, config: { configurable?: { thread_id?: string } }) => {
    const done = new Set(state.decisions.map((d) => d.proposalId));
    const decisions: DecisionSummary[] = [];
    for (const proposal of state.proposals.filter((p) => !done.has(p.id))) {
      const threadId = config.configurable?.thread_id;
      const r = deps.governance.decide({
        proposal, agent: proposal.agent, eventId: state.event.id, correlationId: threadId ?? null,
        ...(threadId ? { threadId } : {}), ...(proposal.model ? { model: proposal.model } : {}),
      });
      decisions.push({ proposalId: proposal.id, decisionId: r.decision.id, outcome: r.decision.outcome, reviewId: r.review?.id ?? null });
    }
    // Later agents see what earlier ones did (a route assigned before the dock is booked).
    await deliverDue({ db: deps.store.db, clock: deps.clock, ports: deps.ports, store: deps.store });
    return { decisions };
  };

  // Does nothing before interrupt(): on resume the node runs again from the top.
  const reviewNode = (state: GraphStateValue) => {
    const reviewIds = state.decisions.filter((d) => d.reviewId).map((d) => d.reviewId!);
    interrupt<ReviewPause, unknown>({ reviewIds });
    return { notes: [`orchestrator: resumed after review of ${reviewIds.join(', ')}`] };
  };

  let graph = new StateGraph(GraphState)
    .addNode('orchestrator', orchestrator, { ends: [...agentNames, 'review', END] })
    .addNode('gate', gateNode)
    .addNode('review', reviewNode)
    .addEdge(START, 'orchestrator')
    .addEdge('gate', 'orchestrator')
    .addEdge('review', END);
  for (const name of agentNames) {
    graph = graph.addNode(name, agentNode(name)).addEdge(name as never, 'gate') as typeof graph;
  }
  return graph.compile({ checkpointer: deps.checkpointer, name: 'marshal' });
}

export type MarshalGraph = ReturnType<typeof buildGraph>;
