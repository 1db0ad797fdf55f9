/** Small shared schemas: identifiers, locations, time windows and loads. */
import { z } from 'zod';
import { IsoTimestamp } from './units.ts';

/** An identifier: letters, digits and `._:-`, at most 128 characters. */
export const Id = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9._:-]+$/, 'may hold only letters, digits and . _ : -');
export type Id = z.infer<typeof Id>;

/** A place: WGS84 lat/lon, plus optional planar x/y (km) used by benchmark instances. */
export const Location = z.object({
  lat: z.number().min(-90, 'must be at least -90').max(90, 'must be at most 90'),
  lon: z.number().min(-180, 'must be at least -180').max(180, 'must be at most 180'),
  x: z.number().optional(),
  y: z.number().optional(),
  address: z.string().max(500).optional(),
});
export type Location = z.infer<typeof Location>;

/** A closed interval of time; the end may not come before the start. */
export const TimeWindow = z
  .object({ start: IsoTimestamp, end: IsoTimestamp })
  .refine((w) => Date.parse(w.end) >= Date.parse(w.start), {
    message: 'window ends before it starts',
    path: ['end'],
  });
export type TimeWindow = z.infer<typeof TimeWindow>;

const amount = (unit: string) =>
  z.number().finite(`must be a finite number of ${unit}`).nonnegative('must not be negative');

/** Size in the dimensions vehicles are limited by. */
export const Load = z.object({
  weightKg: amount('kg'),
  volumeM3: amount('m³'),
  pallets: amount('pallets'),
});
export type Load = z.infer<typeof Load>;

/** Adds two loads dimension by dimension. */
export function addLoad(a: Load, b: Load): Load {
  return { weightKg: a.weightKg + b.weightKg, volumeM3: a.volumeM3 + b.volumeM3, pallets: a.pallets + b.pallets };
}

export const EMPTY_LOAD: Load = Object.freeze({ weightKg: 0, volumeM3: 0, pallets: 0 });
