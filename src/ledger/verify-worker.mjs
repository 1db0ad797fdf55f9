// Worker thread of verify-parallel.ts: registers the TypeScript loader, then verifies the chunks it claims.
import { register } from 'tsx/esm/api';

register();
await import('./verify-worker-main.ts');
