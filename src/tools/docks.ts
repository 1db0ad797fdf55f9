/** Dock tools: a depot's doors and which are free in a time window. */
import { z } from 'zod';
import { DockBooking } from '../connectors/index.ts';
import { Id, TimeWindow } from '../domain/index.ts';
import { defineTool, type ToolContext } from './define.ts';

export const DockAvailability = z.object({
  depotId: Id,
  doors: z.number().int().positive(),
  /** Bookings overlapping the window. */
  bookings: z.array(DockBooking),
  /** Doors with no booking overlapping the window, lowest first. */
  freeDoors: z.array(z.number().int().positive()),
});

/** `get_dock_availability`. */
export function dockTools(ctx: ToolContext) {
  const { ports, tenant } = ctx;
  return {
    get_dock_availability: defineTool({
      name: 'get_dock_availability',
      description: "A depot's dock doors: the bookings overlapping a time window and the doors still free in it.",
      input: z.object({ depotId: Id, window: TimeWindow.describe('ISO-8601 UTC start and end') }),
      output: DockAvailability,
      async run({ depotId, window }) {
        const { doors, bookings } = await ports.wms.getDockDoors({ tenant, depotId, window });
        const taken = new Set(bookings.map((b) => b.door));
        const freeDoors = Array.from({ length: doors }, (_, i) => i + 1).filter((d) => !taken.has(d));
        return { depotId, doors, bookings, freeDoors };
      },
    }),
  };
}
