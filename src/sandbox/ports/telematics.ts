/** The sandbox telematics: last known position and status per vehicle, as the world's events left them. */
import { NotFoundError, VehiclePosition } from '../../domain/index.ts';
import { guardPort, telematicsContract, type TelematicsPort } from '../../connectors/index.ts';
import type { World } from '../world/world.ts';
import { statement } from '../../store/index.ts';

/** The telematics port over a sandbox world. */
export function sandboxTelematics(world: World): TelematicsPort {
  const db = world.db;
  return guardPort('telematics', telematicsContract, {
    getPositions({ tenant, vehicleIds }) {
      world.requireTenant(tenant);
      const rows = statement(db, 'SELECT id, position FROM vehicles WHERE tenant = ? ORDER BY id').all(tenant) as { id: string; position: string }[];
      const wanted = vehicleIds ? new Set(vehicleIds) : undefined;
      vehicleIds?.forEach((id, i) => {
        if (!rows.some((r) => r.id === id)) throw new NotFoundError(`vehicleIds.${i}`, id, 'vehicle');
      });
      return rows.filter((r) => !wanted || wanted.has(r.id)).map((r) => VehiclePosition.parse(JSON.parse(r.position)));
    },
    getVehicle({ tenant, vehicleId }) {
      world.requireTenant(tenant);
      const row = statement(db, 'SELECT position FROM vehicles WHERE tenant = ? AND id = ?').get(tenant, vehicleId) as { position: string } | undefined;
      if (!row) throw new NotFoundError('vehicleId', vehicleId, 'vehicle');
      return VehiclePosition.parse(JSON.parse(row.position));
    },
  });
}

/** Records a vehicle's new position and, when given, status (the world side of telematics events). */
export function recordPosition(world: World, position: VehiclePosition): void {
  const valid = VehiclePosition.parse(position);
  const result = statement(world.db, 'UPDATE vehicles SET position = ? WHERE tenant = ? AND id = ?').run(JSON.stringify(valid), valid.tenant, valid.vehicleId);
  if (result.changes === 0) throw new NotFoundError('vehicleId', valid.vehicleId, 'vehicle');
}
