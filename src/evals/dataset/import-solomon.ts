/** Imports a Solomon VRPTW instance as a dataset, through the sandbox's own Solomon conversion. */
import { solomonScenario } from '../../sandbox/solomon/index.ts';
import { datasetFromScenario } from './import-sandbox.ts';
import type { Dataset } from './model.ts';

/**
 * One order per Solomon customer: its demand as weight (kg), its ready and due times as a window in minutes after
 * 00:00 UTC of `date`, its service time in minutes, and its planar coordinates kept as x/y beside lat/lon.
 */
export function datasetFromSolomon(text: string, name: string, options: { date?: string; file?: string } = {}): Dataset {
  const day = solomonScenario(text, name, options.date ? { date: options.date } : {});
  const dataset = datasetFromScenario(day, { kind: 'solomon', ...(options.file ? { file: options.file } : {}), seed: null });
  return { ...dataset, manifest: { ...dataset.manifest, description: `Solomon VRPTW instance ${name}: demand as kg, due dates as clock times (1 unit = 1 minute after 00:00 UTC)` } };
}
