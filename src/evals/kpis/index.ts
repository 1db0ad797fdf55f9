/** Replay KPIs: what a run did to service, cost, workload and governance, and what history says where it can. */
export { computeKpis, dueOn, lateness } from './compute.ts';
export { type OrderFate, fatesOf } from './fate.ts';
export { historicalKpis } from './historical.ts';
export { HistoricalKpis, Kpis } from './schema.ts';
