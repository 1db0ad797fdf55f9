/** Replay reports: report.json (deterministic), timing.json (wall clock), report.md and a self-contained report.html. */
export { buildReport, byEventType, deterministicPart, quantile, type ReportInput } from './build.ts';
export { reportHtml } from './html.ts';
export { reportMarkdown } from './markdown.ts';
export { pathsOf, type VehiclePath } from './paths.ts';
export { Report, REPORT_FORMAT, RunReport, RunTiming } from './schema.ts';
