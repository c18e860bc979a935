import { addTimelineEvents, appendText, applyOps, createArtifact, getArtifact, listArtifacts, setMetrics } from './artifact-tools.ts';
import { listCommentThreads, replyToComment } from './comment-tools.ts';
import { learnOps } from './learn-ops.ts';
import { remix } from './remix-tools.ts';
import type { ToolDefinition } from './tool.ts';
import { diff, listVersions, pin, publish, restore, share, unpin } from './version-tools.ts';

/** Every tool, in the order `tools/list` shows them: learn first, then read, write, publish. */
export const MCP_TOOLS: readonly ToolDefinition[] = [
  learnOps,
  listArtifacts,
  getArtifact,
  createArtifact,
  applyOps,
  appendText,
  addTimelineEvents,
  setMetrics,
  publish,
  listVersions,
  diff,
  restore,
  pin,
  unpin,
  share,
  remix,
  listCommentThreads,
  replyToComment,
] as unknown as readonly ToolDefinition[];
