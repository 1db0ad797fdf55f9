/** report.md: the comparison table a person reads, strategies side by side (and history where the dataset has it). */
import { ROWS } from './rows.ts';
import type { Report } from './schema.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The Markdown report. */
export function reportMarkdown(report: Report): string {
  const history = report.historical;
  const head = ['KPI', ...report.runs.map((r) => r.strategy), ...(history ? ['historical'] : [])];
  const lines = [
    `# Replay: ${report.dataset.name}`,
    '',
    `Operating day ${report.dataset.date}, ${report.dataset.orders} orders (${report.dataset.source}); seed ${report.seed}; policy ${report.policy.source} (${report.policy.hash.slice(0, 12)}); reviewer ${report.reviewer}.`,
    '',
    `| ${head.map(cell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...ROWS.map((row) => `| ${[row.label, ...report.runs.map((r) => row.run(r.kpis)), ...(history ? [row.historical ? row.historical(history) : '–'] : [])].map(cell).join(' | ')} |`),
    '',
    '## Strategies',
    '',
    ...report.runs.map((r) => `- **${r.strategy}**: ${r.summary}. Decision log head: seq ${r.decisionLog.seq}, \`${r.decisionLog.headHash}\`.`),
    '',
    ...failures(report),
    '## Timing (wall clock, not deterministic)',
    '',
    '| strategy | wall s | in the runtime s | events/s | decision latency p50 ms | p95 ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...report.timing.runs.map((t) => `| ${t.strategy} | ${(t.wallMs / 1000).toFixed(1)} | ${(t.ingestMs / 1000).toFixed(1)} | ${t.eventsPerSecond} | ${t.decisionLatencyMs.p50 ?? '–'} | ${t.decisionLatencyMs.p95 ?? '–'} |`),
    '',
  ];
  return lines.join('\n');
}

/** A section naming the events a run lost (the runtime gave up on them), or nothing when none was lost. */
function failures(report: Report): string[] {
  const lost = report.runs.filter((r) => r.failedEvents.length > 0);
  if (lost.length === 0) return [];
  return [
    '## Events the runtime gave up on',
    '',
    ...lost.flatMap((r) => [
      `- **${r.strategy}**: ${r.failedEvents.length} event(s); their KPIs are missing what those events would have done.`,
      ...r.failedEvents.slice(0, 10).map((f) => `  - ${f.type} \`${f.eventId}\`: ${f.error}`),
    ]),
    '',
  ];
}
