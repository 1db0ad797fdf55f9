#!/usr/bin/env node
// `npm run bench -- <scenario> [flags]`: registers the TypeScript loader, then runs a benchmark scenario.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/main.ts');
process.exitCode = await main(process.argv.slice(2));
