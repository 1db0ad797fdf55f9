/** The agent graph: the Orchestrator routes an event through its agents; every proposal passes the gate; L1 waits. */
import { createHash } from 'node:crypto';
import { Command, END, interrupt, START, StateGraph } from '@langchain/langgraph';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import type { Agent, AgentDeps } from '../agents/agent.ts';
import { z } from 'zod';
import type { ActionProposal, AgentName } from '../domain/index.ts';
import type { Governance } from '../governance/index.ts';
import { deliverDue } from './execute/deliver.ts';
import { ROUTES } from './routing.ts';
import { type DecisionSummary, eventsOf, GraphState, type GraphStateValue } from './state.ts';

export interface GraphDeps extends AgentDeps {
  governance: Governance;
  agents: Partial<Record<AgentName, Agent>>;
  checkpointer: BaseCheckpointSaver;
}

/** What a review node hands to whoever resumes it. */
export interface ReviewPause {
  reviewIds: string[];
}

/** What the runner resumes a review node with. */
const ReviewAnswer = z.object({ reviewId: z.string(), status: z.string() });

/** The id of a proposal made again after `reviewId` was approved: stable, so a crash and re-run decide it once. */
function secondPassId(id: string, reviewId: string): string {
  return `prop-${createHash('sha256').update(`${id}|after|${reviewId}`).digest('hex').slice(0, 24)}`;
}

/** Builds and compiles the graph over the runtime's ports, store, governance and agents. */
export function buildGraph(deps: GraphDeps) {
  const agentNames = (Object.keys(deps.agents) as AgentName[]).sort();

  /**
   * The Orchestrator's hand-on, for whichever node just finished: the next agent of its queue, then the review node
   * while any review of this run is undecided (one decided already was answered through `review`), then the end.
   * Nodes hand on themselves rather than return to the Orchestrator: every hop is a step, and every step a checkpoint.
   */
  const handOn = (state: GraphStateValue, queue: readonly AgentName[], decisions: readonly DecisionSummary[] = state.decisions): string => {
    const next = queue[0];
    if (next) return next;
    const waiting = decisions.some((d) => d.reviewId !== null && deps.governance.getReview(state.event.tenant, d.reviewId).status === 'pending');
    return waiting ? 'review' : END;
  };
  const ends = [...agentNames, 'review', END];

  const orchestrator = (state: GraphStateValue) => {
    const queue = state.queue ?? ROUTES[state.event.type].filter((a) => deps.agents[a]);
    return new Command({ goto: handOn(state, queue), update: { queue } });
  };

  // A second pass after an approval answers only the event the approved proposal answered: in a batch, the others
  // were answered in the first pass.
  const eventsToAnswer = (state: GraphStateValue) => {
    const events = eventsOf(state);
    if (!state.after || events.length === 1) return events;
    const approved = state.decisions.find((d) => d.reviewId === state.after);
    const trigger = approved?.eventId ?? state.proposals.find((p) => p.id === approved?.proposalId)?.trigger.eventId;
    const answered = events.filter((e) => e.id === trigger);
    return answered.length > 0 ? answered : events;
  };

  const agentNode = (name: AgentName) => async (state: GraphStateValue) => {
    const agent = deps.agents[name]!;
    const events = eventsToAnswer(state);
    const out = events.length === 1 || !agent.onBatch ? await agent.onEvent(events[0]!, deps) : await agent.onBatch(events, deps);
    // A second pass after an approval proposes afresh: its ids differ from the first pass's, which the gate decided.
    const after = state.after;
    const proposals = after
      ? out.proposals.map((p) => ({ ...p, id: secondPassId(p.id, after), ...(p.requires ? { requires: secondPassId(p.requires, after) } : {}) }))
      : out.proposals;
    // Nothing proposed, nothing for the gate to decide or deliver: on to the next (a graph step saved).
    const queue = (state.queue ?? []).slice(1);
    return new Command({
      goto: proposals.length > 0 ? 'gate' : handOn(state, queue),
      update: { proposals, notes: out.notes.map((n) => `${name}: ${n}`), queue },
    });
  };

  /**
   * Where a proposal's requirement (`requires`) stands: `go` once it went out (executed, or approved after review),
   * `wait` while it waits for review or for its own turn at the gate (it is among `undecided`), `drop` when it never
   * will go out (refused, rejected, expired, or not proposed at all). A proposal without one goes.
   */
  const requirement = (tenant: string, proposal: ActionProposal, decided: readonly DecisionSummary[], undecided: readonly ActionProposal[]): 'go' | 'wait' | 'drop' => {
    if (!proposal.requires) return 'go';
    const d = decided.find((x) => x.proposalId === proposal.requires);
    if (!d) return undecided.some((p) => p.id === proposal.requires) ? 'wait' : 'drop';
    if (d.outcome === 'executed') return 'go';
    if (d.outcome !== 'queued' || !d.reviewId) return 'drop';
    const status = deps.governance.getReview(tenant, d.reviewId).status;
    return status === 'approved' ? 'go' : status === 'pending' ? 'wait' : 'drop';
  };

  // Idempotent: governance decides a proposal id once, and delivery skips what went out already. A proposal that
  // requires another is decided after it, in a later round of the same pass; it stays in the state while its
  // requirement waits for review (the review node sends it back here once that is decided), and is dropped with a
  // note when its requirement will not go out.
  const gateNode = async (state: GraphStateValue, config: { configurable?: { thread_id?: string } }) => {
    const threadId = config.configurable?.thread_id;
    const tenant = state.event.tenant;
    const all = [...state.decisions];
    const decisions: DecisionSummary[] = [];
    const notes: string[] = [];
    const done = new Set(all.map((d) => d.proposalId));
    const drop = (p: ActionProposal) => notes.push(`orchestrator: ${p.kind} ${p.id} not sent: it required ${p.requires}, which did not go out`);
    let pending = state.proposals.filter((p) => !done.has(p.id));
    // Round by round until a round settles nothing: what one round decides or drops may settle what required it.
    for (let settled = true; settled && pending.length > 0;) {
      const go: ActionProposal[] = [];
      const waiting: ActionProposal[] = [];
      for (const p of pending) {
        const r = requirement(tenant, p, all, pending);
        if (r === 'go') go.push(p);
        else if (r === 'wait') waiting.push(p);
        else drop(p);
      }
      settled = waiting.length < pending.length;
      pending = waiting;
      if (go.length === 0) continue;
      const results = deps.governance.decideAll(go.map((proposal) => ({
        proposal, agent: proposal.agent, eventId: proposal.trigger.eventId ?? state.event.id, correlationId: threadId ?? null,
        ...(threadId ? { threadId } : {}), ...(proposal.model ? { model: proposal.model } : {}),
      })));
      const round: DecisionSummary[] = results.map((r, i) => ({
        proposalId: go[i]!.id, eventId: go[i]!.trigger.eventId ?? null, decisionId: r.decision.id, outcome: r.decision.outcome, reviewId: r.review?.id ?? null,
      }));
      decisions.push(...round);
      all.push(...round);
    }
    // Held: what waits on a review. What waits on a proposal nobody will decide (requirements in a cycle) is dropped,
    // or it would wait unseen until the run's state is gone.
    const held: ActionProposal[] = [];
    for (const p of pending) {
      if (all.some((d) => d.proposalId === p.requires)) held.push(p);
      else drop(p);
    }
    // Later agents see what earlier ones did (a route assigned before the dock is booked).
    await deliverDue({ db: deps.store.db, clock: deps.clock, ports: deps.ports, store: deps.store });
    // Decided proposals leave the state: the decision log and the review queue hold them whole, and every later step of
    // the run (a resumed one too) would write them to its checkpoint again. Held ones stay until their turn.
    return new Command({ goto: handOn(state, state.queue ?? [], all), update: { decisions, proposals: { reset: held }, ...(notes.length > 0 ? { notes } : {}) } });
  };

  // Does nothing before interrupt(): on resume the node runs again from the top. An approval sends the action out,
  // then runs the agents after the one that waited that answer its kind (`Agent.afterApproval`; a route approved:
  // Hub books the dock, Customer sends the ETA).
  const reviewNode = async (state: GraphStateValue) => {
    const reviewIds = state.decisions.filter((d) => d.reviewId).map((d) => d.reviewId!);
    const answer = ReviewAnswer.safeParse(interrupt<ReviewPause, unknown>({ reviewIds }));
    const decided = answer.success ? state.decisions.find((d) => d.reviewId === answer.data.reviewId) : undefined;
    // The review holds the proposal it paused on; a checkpoint written before the gate dropped proposals holds it too.
    const proposal = decided && answer.success
      ? state.proposals.find((p) => p.id === decided.proposalId) ?? deps.governance.getReview(state.event.tenant, answer.data.reviewId).proposal
      : undefined;
    // Proposals held for this one (`requires`) go to the gate first: it decides them once this one is approved, and
    // drops them when it is not.
    const dependents = decided !== undefined && state.proposals.some((p) => p.requires === decided.proposalId);
    if (!answer.success || !proposal || answer.data.status !== 'approved') {
      const what = answer.success ? `${answer.data.reviewId} ${answer.data.status}` : reviewIds.join(', ');
      // Rejected or expired alike: the action never runs, so what the agent set aside for it goes back.
      const refused = answer.success && (answer.data.status === 'rejected' || answer.data.status === 'expired');
      const undone = proposal && refused ? deps.agents[proposal.agent]?.onRejected?.(proposal, deps) ?? [] : [];
      const notes = [`orchestrator: resumed after review ${what}`, ...undone.map((n) => `${proposal!.agent}: ${n}`)];
      return new Command({ goto: dependents && refused ? 'gate' : handOn(state, []), update: { queue: [], notes } });
    }
    await deliverDue({ db: deps.store.db, clock: deps.clock, ports: deps.ports, store: deps.store });
    const route = ROUTES[state.event.type].filter((a) => deps.agents[a]);
    const later = route.slice(route.indexOf(proposal.agent) + 1).filter((a) => deps.agents[a]!.afterApproval?.includes(proposal.kind) ?? true);
    return new Command({
      goto: dependents ? 'gate' : handOn(state, later),
      update: { queue: later, after: answer.data.reviewId, notes: [`orchestrator: ${answer.data.reviewId} approved; ${later.length > 0 ? `running ${later.join(', ')} again for it` : 'nothing runs after it'}`] },
    });
  };

  let graph = new StateGraph(GraphState)
    .addNode('orchestrator', orchestrator, { ends })
    .addNode('gate', gateNode, { ends })
    .addNode('review', reviewNode, { ends: ['gate', ...ends] })
    .addEdge(START, 'orchestrator');
  for (const name of agentNames) {
    graph = graph.addNode(name, agentNode(name), { ends: ['gate', ...ends] }) as typeof graph;
  }
  return graph.compile({ checkpointer: deps.checkpointer, name: 'marshal' });
}

export type MarshalGraph = ReturnType<typeof buildGraph>;
