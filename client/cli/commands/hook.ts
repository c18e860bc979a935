import { HOOK_SOURCES, type HookSource } from '#shared/hooks';
import { stringOption, type Command } from '../command.ts';
import { InputError, UsageError } from '../errors.ts';
import { println } from '../io.ts';
import { LoginError, serverIssuer, tokenProvider } from '../oidc.ts';
import { parseJson } from '../read-input.ts';

/** How long a hook may take, all of it (issuer lookup, token, request): the agent waits for it. */
export const DEFAULT_HOOK_TIMEOUT_MS = 3_000;
/** A hook event larger than this is not something an agent sends; refuse it instead of reading without end. */
const MAX_EVENT_BYTES = 32 * 1024 * 1024;

/** The answer's `artifactId` names the session artifact; nothing of it is printed (the agent reads stdout). */
interface HookAnswer {
  artifactId?: string;
  error?: { code?: string; message?: string };
}

class DeadlineExceeded extends Error {}

/**
 * `artifacts hook`: one hook event from stdin to the session artifact. Built never to get in
 * the agent's way: nothing on stdout (Claude Code reads it), everything within one deadline,
 * and exit 0 when the server is down, slow or refuses the event (a warning on stderr). Only a
 * hook that cannot work as configured (no credentials, stdin not a hook event) exits 1.
 */
export const hookCommand: Command = {
  name: 'hook',
  summary: 'send one agent hook event (JSON on stdin) to its session artifact',
  positionals: [],
  options: {
    source: { type: 'string', valueName: '<claude-code|codex>', description: 'the agent whose hook this is (default claude-code)' },
  },
  details: [
    'For command hooks of Claude Code and Codex ("artifacts init claude-code" writes them).',
    'Prints nothing on success. Exits 0 when the server is down, slow or refuses the event',
    '(a warning on stderr), so the agent is never held up; exits 1 only when the hook cannot',
    'work: no credentials, or stdin is not a hook event.',
    '',
    `ARTIFACTS_HOOK_TIMEOUT_MS  the whole hook's deadline (default ${DEFAULT_HOOK_TIMEOUT_MS})`,
  ].join('\n'),
  async run({ io, baseUrl, values }) {
    const source = (stringOption(values, 'source') ?? 'claude-code') as HookSource;
    if (!HOOK_SOURCES.includes(source)) throw new UsageError(`--source must be one of ${HOOK_SOURCES.join(', ')}`, 'hook');
    if (io.stdin.isTTY) throw new UsageError('pipe one hook event (JSON) into stdin', 'hook');
    const event = parseJson(await readLimited(io.stdin), 'stdin');
    if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new InputError('invalid_hook_event', 'stdin must be one hook event: a JSON object');
    const fields = event as Record<string, unknown>;
    for (const name of ['session_id', 'hook_event_name']) {
      if (typeof fields[name] !== 'string' || fields[name] === '') throw new InputError('invalid_hook_event', `the hook event has no "${name}"`);
    }
    // Read now: when this event happened, whatever the network does with it afterwards.
    const at = new Date().toISOString();
    const timeoutMs = hookTimeoutMs(io.env['ARTIFACTS_HOOK_TIMEOUT_MS']);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DeadlineExceeded()), timeoutMs);
    const warn = (why: string) => println(io.stderr, `warning: artifacts hook: ${why}; the event was not recorded`);
    try {
      const token = await withDeadline(resolveToken(baseUrl, io.env, deadline.signal), deadline.signal);
      if (token === undefined) return warn(`could not reach ${baseUrl}`);
      const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/api/hooks/${source}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Hook-Event-At': at, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(event),
        signal: deadline.signal,
      });
      if (response.ok) {
        await response.body?.cancel();
        return;
      }
      const answer = (await withDeadline(response.json(), deadline.signal).catch(() => ({}))) as HookAnswer;
      const reason = `${answer.error?.code ?? `HTTP ${response.status}`}: ${answer.error?.message ?? response.statusText}`;
      // A token the server refuses will be refused next time too: that is a misconfiguration.
      if (response.status === 401) throw new InputError('unauthorized', `the server refused the credentials (${reason}); run "artifacts login" or set ARTIFACTS_TOKEN`);
      warn(`the server answered ${reason}`);
    } catch (error: unknown) {
      if (error instanceof InputError) throw error;
      if (deadline.signal.aborted) return warn(`no answer from ${baseUrl} within ${timeoutMs} ms`);
      warn(`could not reach ${baseUrl}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  },
};

export function hookTimeoutMs(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_HOOK_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0 || ms > 60_000) throw new UsageError(`ARTIFACTS_HOOK_TIMEOUT_MS must be a whole number of milliseconds from 1 to 60000, not '${raw}'`, 'hook');
  return ms;
}

/**
 * The bearer token ('' = the server's development identity), or undefined when the server
 * cannot be asked which issuer it uses. A missing login is a misconfiguration (thrown).
 */
async function resolveToken(baseUrl: string, env: Readonly<Record<string, string | undefined>>, signal: AbortSignal): Promise<string | undefined> {
  let lookupEnv = env;
  if (!env['ARTIFACTS_TOKEN'] && !env['ARTIFACTS_ISSUER']) {
    // Asked here, under the deadline: the token provider would ask without one.
    const issuer = await serverIssuer(baseUrl, signal);
    if (issuer === undefined) return undefined;
    if (issuer === null) return '';
    lookupEnv = { ...env, ARTIFACTS_ISSUER: issuer };
  }
  const provider = tokenProvider(baseUrl, lookupEnv);
  if (provider === undefined || typeof provider === 'string') return provider ?? '';
  try {
    return await provider({ renew: false });
  } catch (error: unknown) {
    if (error instanceof LoginError && error.code !== 'issuer_unreachable' && error.code !== 'issuer_unavailable') throw error;
    return undefined;
  }
}

function withDeadline<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function readLimited(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    bytes += buffer.length;
    if (bytes > MAX_EVENT_BYTES) throw new InputError('invalid_hook_event', `the hook event is larger than ${MAX_EVENT_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
