/** The runner: takes inbox events in order, runs the agent graph on each (a wave of picks as one run; a thread per correlation key), delivers the outbox. */
import type { Ports } from '../connectors/index.ts';
import { type Clock, type MarshalEvent, toIso } from '../domain/index.ts';
import type { Governance } from '../governance/index.ts';
import type { Store } from '../store/index.ts';
import { type DeliveryReport, deliverDue } from './execute/deliver.ts';
import type { MarshalGraph } from './graph.ts';
import type { Inbox, InboxItem } from './inbox.ts';
import { recordAfterRun, recordEvents } from './dispatch-state.ts';
import { eventsOf, type GraphStateValue, startRun } from './state.ts';
import { Command } from '@langchain/langgraph';

export interface RunnerDeps {
  inbox: Inbox;
  graph: MarshalGraph;
  governance: Governance;
  store: Store;
  ports: Ports;
  clock: Clock;
  /** Event types whose pending events of one tenant may run as one graph run (every agent on their route takes a batch). */
  batchable?: ReadonlySet<MarshalEvent['type']>;
}

/** Most events one graph run takes: a bigger wave waits for the next run rather than make one run very long. */
export const MAX_BATCH = 64;

/**
 * The inbox items, in order, cut into runs: consecutive events of one tenant and one batchable type run together
 * (up to MAX_BATCH), every other event alone.
 */
export function batchesOf(items: readonly InboxItem[], batchable: ReadonlySet<MarshalEvent['type']>): InboxItem[][] {
  const runs: InboxItem[][] = [];
  for (const item of items) {
    const last = runs[runs.length - 1];
    const head = last?.[0]?.event;
    const joins = last !== undefined && head !== undefined && last.length < MAX_BATCH && batchable.has(item.event.type)
      && head.type === item.event.type && head.tenant === item.event.tenant;
    if (joins) last.push(item);
    else runs.push([item]);
  }
  return runs;
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
  /**
   * Where an event runs, and whether a run of it was already under way there: a crash can stop a run after any
   * checkpoint, or after it ended but before the inbox heard. Such a run is resumed or taken as is, never started
   * again: agents that ran again would see their own effects and might propose something else.
   */
  async function placeOf(item: InboxItem, alone = false): Promise<{ threadId: string; ran: 'no' | 'stopped' | 'ended' }> {
    // How far a thread got with this item's run, if the thread's last run began with it.
    const ranIn = (state: Awaited<ReturnType<MarshalGraph['getState']>>): 'stopped' | 'ended' | undefined => {
      const event = (state.values as Partial<GraphStateValue>).event;
      if (event?.id !== item.event.id || event.source !== item.event.source) return undefined;
      return state.next.length === 0 || state.next.includes('review') ? 'ended' : 'stopped';
    };
    if (alone) {
      // Run again on its own after its batch failed: a thread of its own, apart from the batch's (which the batch's
      // first event would otherwise find and resume, failing again).
      const threadId = `${item.correlationKey}~${item.event.id}~alone`;
      return { threadId, ran: ranIn(await deps.graph.getState(config(threadId))) ?? 'no' };
    }
    const own = `${item.correlationKey}~${item.event.id}`;
    const key = await deps.graph.getState(config(item.correlationKey));
    for (const [threadId, state] of [[item.correlationKey, key], [own, await deps.graph.getState(config(own))]] as const) {
      const ran = ranIn(state);
      if (ran) return { threadId, ran };
    }
    // A thread paused on a review must not swallow the next event of its key: that event gets a thread of its own.
    return { threadId: key.next.length > 0 ? own : item.correlationKey, ran: 'no' };
  }

  /**
   * Runs a batch (its first item's thread); returns the items it ran, which after a crash are the batch the stopped
   * run began with, not the one offered now. A batch that fails runs again event by event (`alone`), so one bad
   * event (a pick of an order nobody knows) fails alone and the rest of its wave is planned.
   */
  async function run(offered: readonly InboxItem[], alone = false): Promise<{ ran: InboxItem[]; outcomes: RunOutcome[] }> {
    const first = offered[0]!;
    const { threadId, ran } = await placeOf(first, alone);
    let items = [...offered];
    if (ran !== 'no') {
      const began = eventsOf((await deps.graph.getState(config(threadId))).values as GraphStateValue);
      const ids = new Set(began.map((e) => `${e.source}|${e.id}`));
      items = offered.filter((i) => ids.has(`${i.event.source}|${i.event.id}`));
    }
    try {
      // Dispatch state first, so agents see the shipment a pick created; recording twice after a crash changes nothing.
      await recordEvents(deps.store, deps.ports, items.map((i) => i.event));
      const result: GraphStateValue = ran === 'no'
        ? await deps.graph.invoke(startRun(items.map((i) => i.event)), config(threadId))
        : ran === 'stopped'
          ? await deps.graph.invoke(null, config(threadId))
          : (await deps.graph.getState(config(threadId))).values as GraphStateValue;
      deps.store.transaction(() => {
        for (const item of items) recordAfterRun(deps.store, item.event);
        for (const item of items) deps.inbox.done(item.seq);
      });
      // Each item reports the decisions taken for its own event; a lone event takes all of its run's. A checkpoint
      // from before decisions named their event still holds the proposals.
      const triggers = new Map(result.proposals.map((p) => [p.id, p.trigger.eventId]));
      const eventOf = new Map(result.decisions.map((d) => [d.proposalId, d.eventId ?? triggers.get(d.proposalId)]));
      return {
        ran: items,
        outcomes: items.map((item) => {
          const mine = items.length === 1 ? result.decisions : result.decisions.filter((d) => eventOf.get(d.proposalId) === item.event.id);
          const waitingOn = mine.filter((d) => d.outcome === 'queued' && d.reviewId).map((d) => d.reviewId!);
          return { seq: item.seq, threadId, decisions: mine.map((d) => d.decisionId), waitingOn };
        }),
      };
    } catch (error) {
      if (items.length > 1) {
        // What the failed run did for some of its events stays done: run alone, their agents find it and propose
        // nothing twice (a proposal's id comes from its event, and the gate decides an id once).
        const outcomes: RunOutcome[] = [];
        for (const item of items) outcomes.push(...(await run([item], true)).outcomes);
        return { ran: items, outcomes };
      }
      const message = error instanceof Error ? error.message : String(error);
      for (const item of items) deps.inbox.failed(item.seq, message);
      return { ran: items, outcomes: items.map((item) => ({ seq: item.seq, threadId, decisions: [], waitingOn: [], error: message })) };
    }
  }

  /** Resumes the thread a decided (or expired) review paused: the graph carries on, or puts back what waited on it. */
  async function resumeThread(reviewId: string, status: string, threadId: string | null): Promise<void> {
    if (!threadId) return;
    const state = await deps.graph.getState(config(threadId));
    if (state.next.includes('review')) await deps.graph.invoke(new Command({ resume: { reviewId, status } }), config(threadId));
  }

  // A review nobody decided in time is expired (never executed); its thread learns it as it would a rejection.
  // Any governance call may expire reviews, so the runner asks what expired since it last looked (from the start of
  // time after a restart: a thread no longer paused is simply not resumed).
  let lookedAt = '';
  async function expireAndResume(): Promise<void> {
    const since = lookedAt;
    deps.governance.expireDue();
    lookedAt = toIso(deps.clock.now());
    for (const review of deps.governance.expiredSince(since)) await resumeThread(review.id, review.status, review.threadId);
  }

  const deliver = (): Promise<DeliveryReport> => deliverDue({ db: deps.store.db, clock: deps.clock, ports: deps.ports, store: deps.store });

  // One thing at a time: a webhook, the day player and the API may all ask at once, and no event may run twice at
  // once, nor two deliveries take the same outbox item (each would carry the action out).
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  // Agents take milliseconds an event and share the thread with the HTTP server. After each event the loop goes to
  // waiting requests until a turn stores nothing, for at most as long as the event took: under a flood of webhooks
  // intake gets half the thread and the agents the other half, the backlog waiting, durable, in the inbox.
  const intakeFirst = async (tookMs: number) => {
    const until = performance.now() + Math.min(tookMs, 100);
    for (let seen = -1; seen !== deps.inbox.commits() && performance.now() < until;) {
      seen = deps.inbox.commits();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  // A drain that has not started yet sees every event stored before it starts, so callers share it instead of
  // queueing one each: a burst of webhooks costs one drain, not one per event.
  let waiting: Promise<RunOutcome[]> | undefined;

  return {
    /** Runs every pending inbox event in arrival order, `limit` at a time, then delivers what the outbox holds. */
    drain(limit = 1000): Promise<RunOutcome[]> {
      if (waiting) return waiting;
      const drained = serial(async () => {
        waiting = undefined;
        const outcomes: RunOutcome[] = [];
        for (let page = deps.inbox.pending(limit); page.length > 0; page = deps.inbox.pending(limit)) {
          for (const batch of batchesOf(page, deps.batchable ?? new Set())) {
            // A crash-resumed run may take fewer items than offered: the rest are run afterwards.
            for (let left = batch; left.length > 0;) {
              const started = performance.now();
              const { ran, outcomes: done } = await run(left);
              outcomes.push(...done);
              const taken = new Set(ran.map((i) => i.seq));
              left = taken.size > 0 ? left.filter((i) => !taken.has(i.seq)) : left.slice(1);
              await intakeFirst(performance.now() - started);
            }
          }
        }
        await expireAndResume();
        await deliver();
        return outcomes;
      });
      waiting = drained;
      return drained;
    },
    /** Resumes the thread a decided review paused, then delivers the outbox (the approved action goes out). */
    resumeReview(tenant: string, reviewId: string): Promise<void> {
      return serial(async () => {
        const review = deps.governance.getReview(tenant, reviewId);
        await resumeThread(reviewId, review.status, review.threadId);
        await expireAndResume();
        await deliver();
      });
    },
    /** Delivers the due outbox items, in turn with drains and resumes. */
    deliver: (): Promise<DeliveryReport> => serial(deliver),
  };
}

export type Runner = ReturnType<typeof createRunner>;
