import type { Command } from '../command.ts';
import { appendCommand } from './append.ts';
import { createCommand } from './create.ts';
import { deleteCommand } from './delete.ts';
import { listCommand } from './list.ts';
import { loginCommand } from './login.ts';
import { logoutCommand } from './logout.ts';
import { opCommand } from './op.ts';
import { prCommand } from './pr.ts';
import { showCommand } from './show.ts';

export { Interrupted } from '../errors.ts';

/** In the order `artifacts --help` lists them. */
export const COMMANDS: readonly Command[] = [createCommand, opCommand, appendCommand, showCommand, listCommand, deleteCommand, prCommand, loginCommand, logoutCommand];
