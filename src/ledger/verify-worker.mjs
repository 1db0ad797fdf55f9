// Worker thread of verify-parallel.ts: registers the TypeScript loader, then verifies one range of the log.
import { register } from 'tsx/esm/api';

register();
await import('./verify-worker-main.ts');
