/** Replay evals: a dataset's day through the production runtime under a strategy, with the road simulated. */
export { REPLAY_SKU, type ReplayDay, replayDayOf } from './day.ts';
export { type ReplayOptions, replayStrategy } from './engine.ts';
export type { DecisionRow, RunRecord } from './record.ts';
export { answerReviews, parseReviewer, ReviewerSpec, reviewerText } from './reviewer.ts';
export { type ReplayRequest, type ReplayResult, runReplay, writeReport } from './run.ts';
export { type Planner, type PlannerContext, STRATEGIES, type Strategy, strategyByName } from './strategy.ts';
