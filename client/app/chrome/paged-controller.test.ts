import type { ReactiveControllerHost } from 'lit';
import { describe, expect, it } from 'vitest';
import { ArtifactsError } from '../api/index.ts';
import { PagedController, type Page } from './paged-controller.ts';

const host = (): ReactiveControllerHost => ({
  addController() {},
  removeController() {},
  requestUpdate() {},
  updateComplete: Promise.resolve(true),
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A list of `total` numbers served `size` at a time; the cursor is the next index. */
function pagedNumbers(total: number, size: number) {
  const asked: { filter: string; cursor: string | null; signal: AbortSignal }[] = [];
  let fail = false;
  const page = async ([filter]: readonly [string], cursor: string | null, signal: AbortSignal): Promise<Page<string>> => {
    asked.push({ filter, cursor, signal });
    if (fail) throw new ArtifactsError('down', 503, 'unavailable');
    const start = cursor ? Number(cursor) : 0;
    const end = Math.min(start + size, total);
    const items = Array.from({ length: end - start }, (_, i) => `${filter}${start + i}`);
    return { items, nextCursor: end < total ? String(end) : null };
  };
  return { asked, page, failNext: (on: boolean) => (fail = on) };
}

describe('PagedController', () => {
  it('appends pages on more() and stops at the end', async () => {
    const source = pagedNumbers(5, 2);
    const c = new PagedController(host(), { args: () => ['n'] as const, page: source.page });
    c.hostUpdate();
    expect(c.state).toEqual({ phase: 'loading' });
    await settle();
    expect(c.state).toEqual({ phase: 'loaded', items: ['n0', 'n1'], nextCursor: '2', loadingMore: false });

    const more = c.more();
    expect(c.state.phase === 'loaded' && c.state.loadingMore).toBe(true);
    void c.more(); // already loading: not asked twice
    await more;
    await c.more();
    expect(c.state).toEqual({ phase: 'loaded', items: ['n0', 'n1', 'n2', 'n3', 'n4'], nextCursor: null, loadingMore: false });

    await c.more(); // the end: nothing more is asked
    expect(source.asked.map((a) => a.cursor)).toEqual([null, '2', '4']);
  });

  it('keeps the pages shown when the next one fails', async () => {
    const source = pagedNumbers(5, 2);
    const c = new PagedController(host(), { args: () => ['n'] as const, page: source.page });
    c.hostUpdate();
    await settle();
    source.failNext(true);
    await c.more();
    expect(c.state.phase === 'loaded' && [c.state.items, c.state.nextCursor, c.state.moreError?.status]).toEqual([['n0', 'n1'], '2', 503]);
    source.failNext(false);
    await c.more();
    expect(c.state.phase === 'loaded' && [c.state.items.length, c.state.moreError]).toEqual([4, undefined]);
  });

  it('starts over from the first page when its arguments change, aborting the page in flight', async () => {
    const source = pagedNumbers(5, 2);
    let filter = 'a';
    const c = new PagedController(host(), { args: () => [filter] as const, page: source.page });
    c.hostUpdate();
    await settle();
    const more = c.more();
    filter = 'b';
    c.hostUpdate();
    await more;
    await settle();
    expect(source.asked[1]?.signal.aborted).toBe(true);
    expect(c.state).toEqual({ phase: 'loaded', items: ['b0', 'b1'], nextCursor: '2', loadingMore: false });
  });

  it('reports a failed first page, and aborts on disconnect', async () => {
    const source = pagedNumbers(5, 2);
    source.failNext(true);
    const c = new PagedController(host(), { args: () => ['n'] as const, page: source.page });
    c.hostUpdate();
    await settle();
    expect(c.state.phase === 'error' && c.state.error.code).toBe('unavailable');

    source.failNext(false);
    void c.run();
    c.hostDisconnected();
    await settle();
    expect(source.asked[1]?.signal.aborted).toBe(true);
    expect(c.state).toEqual({ phase: 'loading' });
  });
});
