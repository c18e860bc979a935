import { atLeast, MIN_NODE, unsupportedNodeMessage } from './runtime.ts';

// Side effect on import, by design: main.ts imports this before anything else.
if (!atLeast(MIN_NODE)) {
  process.stderr.write(`${unsupportedNodeMessage()}\n`);
  process.exit(1);
}
