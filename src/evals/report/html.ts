/** report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched): table, charts, route maps. */
import type { VehiclePath } from './paths.ts';
import { ROWS } from './rows.ts';
import type { Report } from './schema.ts';
import { colour, costSvg, esc, onTimeByHourSvg, routeMapSvg } from './svg.ts';

/** The HTML report; `paths` gives each strategy's driven routes for its map. */
export function reportHtml(report: Report, paths: ReadonlyMap<string, readonly VehiclePath[]>): string {
  const history = report.historical;
  const head = ['KPI', ...report.runs.map((r) => r.strategy), ...(history ? ['historical'] : [])];
  const rows = ROWS.map((row) => `<tr>${[row.label, ...report.runs.map((r) => row.run(r.kpis)), ...(history ? [row.historical ? row.historical(history) : '–'] : [])].map((c, i) => (i === 0 ? `<th>${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`);
  const legend = report.runs.map((r, i) => `<span style="color:${colour(i)}">■</span> ${esc(r.strategy)}`).join(' &nbsp; ');
  const maps = report.runs.map((r) => `<figure><figcaption>${esc(r.strategy)}</figcaption>${routeMapSvg(paths.get(r.strategy) ?? [])}</figure>`);
  const timing = report.timing.runs.map((t) => `<tr><th>${esc(t.strategy)}</th><td>${(t.wallMs / 1000).toFixed(1)}</td><td>${(t.ingestMs / 1000).toFixed(1)}</td><td>${t.eventsPerSecond}</td><td>${t.decisionLatencyMs.p50 ?? '–'}</td><td>${t.decisionLatencyMs.p95 ?? '–'}</td></tr>`);
  const heads = report.runs.map((r) => `<li><b>${esc(r.strategy)}</b>: ${esc(r.summary)}. Decision log head seq ${r.decisionLog.seq}, <code>${esc(r.decisionLog.headHash)}</code></li>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Replay: ${esc(report.dataset.name)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th{text-align:left;background:#f6f6f6}figure{display:inline-block;margin:0 1em 1em 0}figcaption{font-weight:bold}code{font-size:12px}</style>
</head><body>
<h1>Replay: ${esc(report.dataset.name)}</h1>
<p>Operating day ${esc(report.dataset.date)}, ${report.dataset.orders} orders (${esc(report.dataset.source)}); seed ${report.seed}; policy ${esc(report.policy.source)} (<code>${esc(report.policy.hash.slice(0, 12))}</code>); reviewer ${esc(report.reviewer)}.</p>
<h2>KPIs</h2>
<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>
<h2>On time by the hour windows open</h2><p>${legend}</p>${onTimeByHourSvg(report)}
<h2>Cost breakdown</h2>${costSvg(report)}
<h2>Routes driven</h2><p>Squares are depots, red dots failed attempts; one colour per vehicle.</p>${maps.join('')}
<h2>Strategies</h2><ul>${heads.join('')}</ul>
<h2>Timing (wall clock, not deterministic)</h2>
<table><thead><tr><th>strategy</th><th>wall s</th><th>in the runtime s</th><th>events/s</th><th>decision latency p50 ms</th><th>p95 ms</th></tr></thead><tbody>${timing.join('')}</tbody></table>
</body></html>
`;
}
