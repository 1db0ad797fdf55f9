/** TelematicsPort: where the vehicles are and whether they can drive. */
import { z } from 'zod';
import { Id, VehiclePosition } from '../domain/index.ts';
import type { PortOf } from './contract.ts';
import { Scoped } from './shared.ts';

export const telematicsContract = {
  getPositions: {
    summary: 'the last known position and status of every vehicle, or of some',
    input: Scoped.extend({ vehicleIds: z.array(Id).optional() }),
    output: z.array(VehiclePosition),
  },
  getVehicle: {
    summary: "one vehicle's last known position and status",
    input: Scoped.extend({ vehicleId: Id }),
    output: VehiclePosition,
  },
} as const;

export type TelematicsPort = PortOf<typeof telematicsContract>;
