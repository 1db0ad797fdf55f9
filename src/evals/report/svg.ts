/** Small SVG charts for the HTML report, drawn by hand: no script, no library, nothing fetched. */
import type { Location } from '../../domain/index.ts';
import type { VehiclePath } from './paths.ts';
import type { Report } from './schema.ts';

/** Text made safe inside HTML and SVG. */
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
/** The i-th colour of a small fixed palette (strategies, vehicles, cost parts). */
export const colour = (i: number) => COLOURS[i % COLOURS.length]!;

/** On-time share by the hour windows open, one bar per strategy in each hour. */
export function onTimeByHourSvg(report: Report): string {
  const hours = [...new Set(report.runs.flatMap((r) => r.kpis.onTimeByHour.map((h) => h.hour)))].sort((a, b) => a - b);
  const w = 640;
  const h = 220;
  const slot = hours.length === 0 ? w : (w - 40) / hours.length;
  const bar = slot / (report.runs.length + 1);
  const parts: string[] = [];
  hours.forEach((hour, i) => {
    report.runs.forEach((r, j) => {
      const cell = r.kpis.onTimeByHour.find((x) => x.hour === hour);
      const share = cell && cell.due > 0 ? cell.onTime / cell.due : 0;
      const bh = Math.round(share * (h - 40));
      parts.push(`<rect x="${(40 + i * slot + j * bar).toFixed(1)}" y="${h - 20 - bh}" width="${bar.toFixed(1)}" height="${bh}" fill="${colour(j)}"><title>${esc(r.strategy)} ${hour}:00 ${cell?.onTime ?? 0}/${cell?.due ?? 0}</title></rect>`);
    });
    parts.push(`<text x="${(40 + i * slot + slot / 2 - 6).toFixed(1)}" y="${h - 5}" font-size="10">${hour}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" role="img" aria-label="on time by hour"><line x1="38" y1="20" x2="38" y2="${h - 20}" stroke="#999"/><text x="0" y="24" font-size="10">100%</text><text x="10" y="${h - 22}" font-size="10">0%</text>${parts.join('')}</svg>`;
}

/** Cost per strategy as a stacked bar: fixed, distance, time, carrier charges. */
export function costSvg(report: Report): string {
  const keys = [['fixedMinor', 'fixed'], ['distanceMinor', 'distance'], ['timeMinor', 'time'], ['carrierMinor', 'carrier']] as const;
  const max = Math.max(1, ...report.runs.map((r) => r.kpis.cost.totalMinor));
  const w = 640;
  const rowH = 28;
  const parts: string[] = [];
  report.runs.forEach((r, i) => {
    let x = 90;
    parts.push(`<text x="0" y="${i * rowH + 18}" font-size="12">${esc(r.strategy)}</text>`);
    keys.forEach(([key, label], j) => {
      const width = (r.kpis.cost[key] / max) * (w - 100);
      parts.push(`<rect x="${x.toFixed(1)}" y="${i * rowH + 4}" width="${width.toFixed(1)}" height="${rowH - 8}" fill="${colour(j + 4)}"><title>${label} ${(r.kpis.cost[key] / 100).toFixed(2)} ${esc(r.kpis.cost.currency)}</title></rect>`);
      x += width;
    });
  });
  const legend = keys.map(([, label], j) => `<rect x="${90 + j * 110}" y="${report.runs.length * rowH + 6}" width="10" height="10" fill="${colour(j + 4)}"/><text x="${104 + j * 110}" y="${report.runs.length * rowH + 15}" font-size="11">${label}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${report.runs.length * rowH + 24}" role="img" aria-label="cost breakdown">${parts.join('')}${legend}</svg>`;
}

/** The routes a strategy's vehicles drove, on a plain projection of the day's bounding box (planar x/y when all have it). */
export function routeMapSvg(paths: readonly VehiclePath[], size = 420): string {
  const points = paths.flatMap((p) => p.points.map((q) => q.location));
  if (points.length === 0) return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="40"><text x="4" y="24" font-size="12">no vehicle left its depot</text></svg>`;
  const planar = points.every((p) => p.x !== undefined && p.y !== undefined);
  const xy = (l: Location) => (planar ? [l.x!, l.y!] : [l.lon * Math.cos((l.lat * Math.PI) / 180), l.lat]) as [number, number];
  const all = points.map(xy);
  const [minX, maxX] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  const [minY, maxY] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  const scale = (size - 20) / Math.max(maxX - minX, maxY - minY, 1e-9);
  const at = (l: Location) => {
    const [x, y] = xy(l);
    return [10 + (x - minX) * scale, size - 10 - (y - minY) * scale].map((v) => v.toFixed(1)).join(',');
  };
  const lines = paths.map((p, i) => `<polyline fill="none" stroke="${colour(i)}" stroke-width="1.5" points="${p.points.map((q) => at(q.location)).join(' ')}"><title>${esc(p.vehicleId)}</title></polyline>`);
  const dots = paths.flatMap((p) => p.points.map((q) => {
    const [x, y] = at(q.location).split(',');
    return q.kind === 'depot'
      ? `<rect x="${Number(x) - 4}" y="${Number(y) - 4}" width="8" height="8" fill="#000"/>`
      : `<circle cx="${x}" cy="${y}" r="2.5" fill="${q.kind === 'failed' ? '#d62728' : '#333'}"/>`;
  }));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" role="img" aria-label="route map">${lines.join('')}${dots.join('')}</svg>`;
}
