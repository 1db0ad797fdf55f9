/** The runner: takes inbox events in order, runs the agent graph on each (a thread per correlation key), delivers the outbox. */
import type { Ports } from '../connectors/index.ts';
import type { Clock } from '../domain/index.ts';
import type { Governance } from '../governance/index.ts';
import type { Store } from '../store/index.ts';
import { type DeliveryReport, deliverDue } from './execute/deliver.ts';
import type { MarshalGraph } from './graph.ts';
import type { Inbox, InboxItem } from './inbox.ts';
import { recordEvent } from './dispatch-state.ts';
import { startRun } from './state.ts';
import { Command } from '@langchain/langgraph';

export interface RunnerDeps {
  inbox: Inbox;
  graph: MarshalGraph;
  governance: Governance;
  store: Store;
  ports: Ports;
  clock: Clock;
}

export interface RunOutcome {
  seq: number;
  threadId: string;
  /** Decisions taken in this run, and reviews it now waits on. */
  decisions: string[];
  waitingOn: string[];
  error?: string;
}

const config = (threadId: string) => ({ configurable: { thread_id: threadId }, durability: 'sync' as const });

/** The runner over a graph, an inbox and governance. */
export function createRunner(deps: RunnerDeps) {
  async function threadFor(item: InboxItem): Promise<string> {
    // A thread paused on a review must not swallow the next event of its key: that event gets a thread of its own.
    const state = await deps.graph.getState(config(item.correlationKey));
    return state.next.length > 0 ? `${item.correlationKey}~${item.event.id}` : item.correlationKey;
  }

  async function run(item: InboxItem): Promise<RunOutcome> {
    const threadId = await threadFor(item);
    try {
      // Dispatch state first, so agents see the shipment a pick created; recording twice after a crash changes nothing.
      await recordEvent(deps.store, deps.ports, item.event);
      const result = await deps.graph.invoke(startRun(item.event), config(threadId));
      deps.inbox.done(item.seq);
      return {
        seq: item.seq, threadId, decisions: result.decisions.map((d) => d.decisionId),
        waitingOn: result.decisions.filter((d) => d.outcome === 'queued' && d.reviewId).map((d) => d.reviewId!),
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      deps.inbox.failed(item.seq, message);
      return { seq: item.seq, threadId, decisions: [], waitingOn: [], error: message };
    }
  }

  const deliver = (): Promise<DeliveryReport> => deliverDue({ db: deps.store.db, clock: deps.clock, ports: deps.ports, store: deps.store });

  // One drain at a time: a webhook and the day player may both ask, and no event may run twice at once.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    /** Runs every pending inbox event in arrival order, then delivers what the outbox holds; drains never overlap. */
    drain(limit = 1000): Promise<RunOutcome[]> {
      return serial(async () => {
        const outcomes: RunOutcome[] = [];
        for (const item of deps.inbox.pending(limit)) outcomes.push(await run(item));
        await deliver();
        return outcomes;
      });
    },
    /** Resumes the thread a decided review paused, then delivers the outbox (the approved action goes out). */
    async resumeReview(tenant: string, reviewId: string): Promise<void> {
      const review = deps.governance.getReview(tenant, reviewId);
      if (review.threadId) {
        const state = await deps.graph.getState(config(review.threadId));
        if (state.next.includes('review')) await deps.graph.invoke(new Command({ resume: { reviewId, status: review.status } }), config(review.threadId));
      }
      await deliver();
    },
    deliver,
  };
}

export type Runner = ReturnType<typeof createRunner>;
