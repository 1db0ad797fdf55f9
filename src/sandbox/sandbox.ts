/** The embedded sandbox: a world file and every port implemented over it. */
import type { Ports } from '../connectors/index.ts';
import type { Clock } from '../domain/index.ts';
import { sandboxCarriers } from './ports/carrier.ts';
import { sandboxErp } from './ports/erp.ts';
import { sandboxNotify } from './ports/notify.ts';
import { sandboxOms } from './ports/oms.ts';
import { sandboxTelematics } from './ports/telematics.ts';
import { sandboxWms } from './ports/wms.ts';
import { openWorld, type World } from './world/world.ts';

export interface Sandbox {
  world: World;
  ports: Ports;
  close(): void;
}

/** Opens a sandbox world file (or `:memory:`) and the ports over it. */
export function openSandbox(file: string, options: { clock?: Clock } = {}): Sandbox {
  const world = openWorld(file, options);
  return {
    world,
    ports: {
      erp: sandboxErp(world),
      wms: sandboxWms(world),
      oms: sandboxOms(world),
      carrier: sandboxCarriers(world),
      telematics: sandboxTelematics(world),
      notify: sandboxNotify(world),
    },
    close: () => world.close(),
  };
}
