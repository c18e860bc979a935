import { commentThreadListSchema, commentThreadSchema, type CommentAnchor, type CommentThread } from '#shared/api';
import { newIdempotencyKey, Transport } from '../../sdk/index.ts';
import { getAccessToken } from '../auth/index.ts';


/** The page's comment calls, through the SDK's transport (token in the header only, retries, error codes). */
const transport = new Transport({ baseUrl: '', token: getAccessToken });
const base = (artifactId: string) => `/api/artifacts/${encodeURIComponent(artifactId)}/comments`;
const threadPath = (artifactId: string, threadId: string) => `${base(artifactId)}/${encodeURIComponent(threadId)}`;

export const commentsApi = {
  async list(artifactId: string, signal?: AbortSignal): Promise<CommentThread[]> {
    return commentThreadListSchema.parse(await transport.request({ method: 'GET', path: base(artifactId), signal })).threads;
  },
  async thread(artifactId: string, threadId: string): Promise<CommentThread> {
    return commentThreadSchema.parse(await transport.request({ method: 'GET', path: threadPath(artifactId, threadId) }));
  },
  async start(artifactId: string, anchor: CommentAnchor, text: string, askAgent: boolean): Promise<CommentThread> {
    const body = { anchor, text, ...(askAgent ? { askAgent } : {}) };
    return commentThreadSchema.parse(await transport.request({ method: 'POST', path: base(artifactId), body, idempotencyKey: newIdempotencyKey() }));
  },
  async reply(artifactId: string, threadId: string, text: string): Promise<CommentThread> {
    return commentThreadSchema.parse(await transport.request({ method: 'POST', path: `${threadPath(artifactId, threadId)}/replies`, body: { text }, idempotencyKey: newIdempotencyKey() }));
  },
  async edit(artifactId: string, threadId: string, commentId: string, text: string): Promise<CommentThread> {
    return commentThreadSchema.parse(await transport.request({ method: 'PUT', path: `${threadPath(artifactId, threadId)}/comments/${encodeURIComponent(commentId)}`, body: { text } }));
  },
  async remove(artifactId: string, threadId: string, commentId: string): Promise<void> {
    await transport.request({ method: 'DELETE', path: `${threadPath(artifactId, threadId)}/comments/${encodeURIComponent(commentId)}`, retry: false });
  },
  async setStatus(artifactId: string, threadId: string, status: 'resolve' | 'reopen'): Promise<CommentThread> {
    return commentThreadSchema.parse(await transport.request({ method: 'POST', path: `${threadPath(artifactId, threadId)}/${status}`, retry: true }));
  },
  /** People of the org whose name or id contains `q`, for @mention suggestions. */
  async people(q: string, signal?: AbortSignal): Promise<{ userId: string; name: string }[]> {
    const answer = (await transport.request({ method: 'GET', path: `/api/directory?q=${encodeURIComponent(q)}`, signal })) as { people?: { userId: string; name: string }[] };
    return answer.people ?? [];
  },
};
