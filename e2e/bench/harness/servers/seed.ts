import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';

/**
 * The baselines keep documents in memory only. For the cold-load, heap and reconnect rows the
 * harness writes a document's bytes to `SEED_DIR/<name>.bin`; a baseline applies them when it
 * loads that document, which is the least a server with storage must do.
 */
export function applySeed(doc: Y.Doc, documentName: string): void {
  const dir = process.env.SEED_DIR;
  if (!dir) return;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.join(dir, `${encodeURIComponent(documentName)}.bin`));
  } catch {
    return; // not seeded: an empty document, like any in-memory server
  }
  Y.applyUpdate(doc, bytes);
}

/** The line the harness waits for (the same words our server logs). */
export function announce(port: number): void {
  process.stdout.write(`${JSON.stringify({ msg: 'bench server listening', port })}\n`);
}

export const portFromEnv = (): number => Number(process.env.PORT ?? 0);
