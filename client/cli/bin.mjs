#!/usr/bin/env node
// The `artifacts` command. tsx compiles the TypeScript sources on the fly, so the CLI runs
// straight from the repository; it must be registered before main.ts is imported.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./main.ts');
process.exitCode = await runCli(process.argv.slice(2));
