/** The in-memory model of a replay dataset: what the loader returns and the importers build. */
import { z } from 'zod';
import {
  Carrier, Channel, Depot, Id, IsoTimestamp, Load, Location, NonNegativeMoney, Seconds, SlaTier, Tenant, TimeWindow,
  Vehicle,
} from '../../domain/index.ts';
import { calendarEpoch } from '../../sandbox/generator/index.ts';
import { RoadDisruption } from '../../sandbox/road/index.ts';
import { oneOf, text } from './fields.ts';

/** The `format` every manifest names: the version of this directory format. */
export const DATASET_FORMAT = 'marshal.dataset/1';

/** `dataset.json`: what the dataset is, its operating day and its tenants. */
export const Manifest = z.strictObject({
  format: z.literal(DATASET_FORMAT, { message: `must be '${DATASET_FORMAT}'` }),
  name: text().min(1, 'must not be empty'),
  /** The operating day, `YYYY-MM-DD` (UTC): the replay clock starts at its midnight. */
  date: text().refine((d) => calendarEpoch(d) !== undefined, { error: (issue) => `must be a calendar date YYYY-MM-DD, got '${String(issue.input)}'` }),
  tenants: z.array(Tenant).min(1, 'a dataset needs at least one tenant').superRefine((tenants, ctx) => {
    tenants.forEach((t, i) => {
      const first = tenants.findIndex((o) => o.id === t.id);
      if (first < i) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate '${t.id}', first at tenants.${first}` });
    });
  }),
  description: text().optional(),
  /** Where the rows came from, so a report can say what it replayed. */
  source: z.strictObject({ kind: oneOf(['sandbox-day', 'solomon', 'history', 'other']), file: text().optional(), seed: z.number().int().nullable().optional() }).optional(),
});
export type Manifest = z.infer<typeof Manifest>;

/** What happened to an order in real life, when the dataset is a historical day. */
export const HistoricalOutcome = z.object({
  deliveredAt: IsoTimestamp.optional(),
  attempts: z.number().int().nonnegative().optional(),
  carrierId: Id.optional(),
  cost: NonNegativeMoney.optional(),
});
export type HistoricalOutcome = z.infer<typeof HistoricalOutcome>;

/** One order of the day as the replay plays it: created, ready to ship, delivered within its windows. */
export const DatasetOrder = z.object({
  id: Id,
  tenant: Id,
  customerId: Id,
  depotId: Id,
  createdAt: IsoTimestamp,
  /** The goods are picked and can leave the dock. */
  readyAt: IsoTimestamp,
  location: Location,
  /** Delivery zone, matched against carrier lanes. */
  zone: z.string().min(1).optional(),
  load: Load,
  windows: z.array(TimeWindow).min(1),
  serviceSeconds: Seconds,
  slaTier: SlaTier,
  channel: Channel,
  value: NonNegativeMoney,
  priority: z.number().int().min(0).max(100).optional(),
  outcome: HistoricalOutcome.optional(),
});
export type DatasetOrder = z.infer<typeof DatasetOrder>;

const [RoadDown, RoadFailed] = RoadDisruption.options;

/** Something that goes wrong during the day: a vehicle down, a pick finishing late, a failed delivery attempt. The
 * kinds the road plays out keep the road's shapes (a dataset's failed attempt adds when it really happened). */
export const Disruption = z.discriminatedUnion('kind', [
  RoadDown,
  z.object({ kind: z.literal('late_pick'), orderId: Id, delaySeconds: Seconds }),
  RoadFailed.extend({ at: IsoTimestamp.optional() }),
]);
export type Disruption = z.infer<typeof Disruption>;

/** A whole dataset in memory: what `loadDataset` returns and `writeDataset` writes. */
export const Dataset = z.object({
  manifest: Manifest,
  depots: z.array(Depot),
  vehicles: z.array(Vehicle),
  carriers: z.array(Carrier),
  orders: z.array(DatasetOrder),
  disruptions: z.array(Disruption),
});
export type Dataset = z.infer<typeof Dataset>;
