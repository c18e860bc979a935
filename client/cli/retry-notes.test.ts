import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ArtifactsError } from '../sdk/index.ts';
import { failureOf, retryNotes, seconds } from './retry-notes.ts';

function notes() {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  let nowMs = 0;
  const n = retryNotes(out, () => nowMs);
  const refused = new ArtifactsError('could not reach http://127.0.0.1:9: fetch failed (ECONNREFUSED)', 0, 'network_error');
  return {
    n,
    retry: (atMs: number, delayMs: number, error = refused) => ((nowMs = atMs), n.onRetry({ error, attempt: 1, delayMs, elapsedMs: 0 })),
    recover: (atMs: number) => ((nowMs = atMs), n.onRecovered({ attempts: 2, elapsedMs: 0 })),
    lines: () => text.trimEnd().split('\n'),
  };
}

describe('retry notes', () => {
  it('say so once per outage, remind once a minute, and say when it is over', () => {
    const { n, retry, recover, lines } = notes();
    retry(0, 250);
    for (let t = 1_000; t < 60_000; t += 5_000) retry(t, 4_000);
    expect(n.inOutage).toBe(true);
    retry(61_000, 10_000);
    recover(65_000);
    expect(n.inOutage).toBe(false);
    recover(66_000); // a later success without an outage says nothing
    retry(70_000, 300, new ArtifactsError('busy', 429, 'http_429'));
    recover(71_000);
    expect(lines()).toEqual([
      'server unreachable (ECONNREFUSED); retrying in 0.3 s…',
      'server unreachable (ECONNREFUSED) for 1 min 1 s; still retrying…',
      'reconnected after 1 min 5 s',
      'server busy (HTTP 429); retrying in 0.3 s…',
      'reconnected after 1 s',
    ]);
  });

  it('name each kind of failure', () => {
    expect(failureOf(new ArtifactsError('no answer', 0, 'timeout'))).toBe('no answer from the server');
    expect(failureOf(new ArtifactsError('x', 503, 'unavailable'))).toBe('server unavailable (HTTP 503)');
    expect(failureOf(new ArtifactsError('x', 409, 'idempotency_key_in_progress'))).toBe('the server is still committing an earlier attempt');
    expect(failureOf(new ArtifactsError('the connection broke', 0, 'network_error'))).toBe('server unreachable');
    expect([seconds(250), seconds(4_200), seconds(125_000)]).toEqual(['0.3 s', '4 s', '2 min 5 s']);
  });
});
