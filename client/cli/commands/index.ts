import type { Command } from '../command.ts';
import { appendCommand } from './append.ts';
import { createCommand } from './create.ts';
import { deleteCommand } from './delete.ts';
import { hookCommand } from './hook.ts';
import { initCommand } from './init.ts';
import { listCommand } from './list.ts';
import { loginCommand } from './login.ts';
import { logoutCommand } from './logout.ts';
import { mcpCommand } from './mcp.ts';
import { opCommand } from './op.ts';
import { prCommand } from './pr.ts';
import { showCommand } from './show.ts';
import { diffCommand } from './diff.ts';
import { openCommand } from './open.ts';
import { pinCommand } from './pin.ts';
import { publishCommand } from './publish.ts';
import { restoreCommand } from './restore.ts';
import { shareCommand } from './share.ts';
import { unpinCommand } from './unpin.ts';
import { versionsCommand } from './versions.ts';

export { Interrupted } from '../errors.ts';

/** In the order `artifacts --help` lists them. */
export const COMMANDS: readonly Command[] = [
  createCommand,
  opCommand,
  appendCommand,
  showCommand,
  listCommand,
  openCommand,
  publishCommand,
  versionsCommand,
  diffCommand,
  restoreCommand,
  pinCommand,
  unpinCommand,
  shareCommand,
  deleteCommand,
  prCommand,
  mcpCommand,
  hookCommand,
  initCommand,
  loginCommand,
  logoutCommand,
];
