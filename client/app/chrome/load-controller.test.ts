import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describe, expect, it } from 'vitest';
import { ArtifactsError } from '../api/index.ts';
import { LoadController, sameArgs } from './load-controller.ts';

/** The smallest host: records its controllers and how often it was asked to render. */
function host(): ReactiveControllerHost & { controllers: ReactiveController[]; updates: number } {
  return {
    controllers: [],
    updates: 0,
    addController(controller) {
      this.controllers.push(controller);
    },
    removeController() {},
    requestUpdate() {
      this.updates += 1;
    },
    updateComplete: Promise.resolve(true),
  };
}

/** A load whose answer the test gives, remembering the signal each call got. */
function deferredLoads<T>() {
  const calls: { args: readonly unknown[]; signal: AbortSignal; resolve: (value: T) => void; reject: (error: unknown) => void }[] = [];
  const load = (args: readonly unknown[], signal: AbortSignal) =>
    new Promise<T>((resolve, reject) => calls.push({ args, signal, resolve, reject }));
  return { calls, load };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('LoadController', () => {
  it('registers with its host and loads on the first render once its arguments are known', async () => {
    const h = host();
    let id: string | undefined;
    const { calls, load } = deferredLoads<string>();
    const c = new LoadController(h, { args: () => (id ? [id] : undefined), load });
    expect(h.controllers).toEqual([c]);
    c.hostUpdate();
    expect(calls).toHaveLength(0); // not yet
    id = 'a';
    c.hostUpdate();
    c.hostUpdate(); // a render with the same arguments does not reload
    expect(calls.map((call) => call.args)).toEqual([['a']]);
    expect(c.state).toEqual({ phase: 'loading' });
    expect(c.pending).toBe(true);
    calls[0]?.resolve('A');
    await settle();
    expect(c.state).toEqual({ phase: 'loaded', value: 'A' });
    expect(c.value).toBe('A');
    expect(c.pending).toBe(false);
  });

  it('aborts the previous load when its arguments change, and drops its late answer', async () => {
    let id = 'a';
    const { calls, load } = deferredLoads<string>();
    const c = new LoadController(host(), { args: () => [id], load });
    c.hostUpdate();
    id = 'b';
    c.hostUpdate();
    expect(calls.map((call) => call.args)).toEqual([['a'], ['b']]);
    expect(calls[0]?.signal.aborted).toBe(true);
    expect(calls[1]?.signal.aborted).toBe(false);
    calls[1]?.resolve('B');
    calls[0]?.resolve('A, too late');
    await settle();
    expect(c.state).toEqual({ phase: 'loaded', value: 'B' });
  });

  it('surfaces a failure as an ArtifactsError, and loads again on run()', async () => {
    const { calls, load } = deferredLoads<string>();
    const c = new LoadController(host(), { args: () => ['a'], load });
    c.hostUpdate();
    calls[0]?.reject(new ArtifactsError('gone', 404, 'not_found'));
    await settle();
    expect(c.state.phase).toBe('error');
    expect(c.state.phase === 'error' && [c.state.error.status, c.state.error.message]).toEqual([404, 'gone']);

    void c.run();
    expect(c.state).toEqual({ phase: 'loading' });
    calls[1]?.reject(new TypeError('boom'));
    await settle();
    expect(c.state.phase === 'error' && c.state.error.code).toBe('internal');
  });

  it('keeps the loaded value on screen during a refresh when asked to', async () => {
    const { calls, load } = deferredLoads<number>();
    const seen: number[] = [];
    const c = new LoadController(host(), { args: () => [], load, keepValue: true, loaded: (v) => seen.push(v) });
    c.hostUpdate();
    calls[0]?.resolve(1);
    await settle();
    void c.run();
    expect(c.state).toEqual({ phase: 'loaded', value: 1 });
    expect(c.pending).toBe(true);
    calls[1]?.resolve(2);
    await settle();
    expect(c.state).toEqual({ phase: 'loaded', value: 2 });
    expect(seen).toEqual([1, 2]);
  });

  it('aborts on disconnect, ignores the answer, and loads again once re-attached', async () => {
    const h = host();
    const { calls, load } = deferredLoads<string>();
    const c = new LoadController(h, { args: () => ['a'], load });
    c.hostConnected();
    c.hostUpdate();
    c.hostDisconnected();
    expect(calls[0]?.signal.aborted).toBe(true);
    calls[0]?.resolve('A');
    await settle();
    expect(c.state).toEqual({ phase: 'loading' });

    const before = h.updates;
    c.hostConnected();
    expect(h.updates).toBe(before + 1);
    c.hostUpdate();
    expect(calls).toHaveLength(2);
    expect(calls[1]?.signal.aborted).toBe(false);
  });

  it('set() replaces the value and drops a load in flight', async () => {
    const { calls, load } = deferredLoads<string>();
    const c = new LoadController(host(), { args: () => [], load });
    c.hostUpdate();
    c.set('saved');
    expect(calls[0]?.signal.aborted).toBe(true);
    calls[0]?.resolve('stale');
    await settle();
    expect(c.state).toEqual({ phase: 'loaded', value: 'saved' });
  });

  it('cancel() drops the load in flight and lets the same arguments load again', async () => {
    const { calls, load } = deferredLoads<string>();
    const c = new LoadController(host(), { args: () => ['a'], load, keepValue: true });
    c.hostUpdate();
    calls[0]?.resolve('A');
    await settle();
    void c.run();
    c.cancel();
    expect(calls[1]?.signal.aborted).toBe(true);
    calls[1]?.resolve('late');
    await settle();
    expect([c.state, c.pending]).toEqual([{ phase: 'loaded', value: 'A' }, false]);
    c.hostUpdate();
    expect(calls).toHaveLength(3);
  });
});

describe('sameArgs', () => {
  it('compares item by item, by identity', () => {
    const filters = { q: '' };
    expect(sameArgs(['a', 1, filters], ['a', 1, filters])).toBe(true);
    expect(sameArgs([{ q: '' }], [{ q: '' }])).toBe(false);
    expect(sameArgs(['a'], ['a', 'b'])).toBe(false);
    expect(sameArgs(['a'], undefined)).toBe(false);
  });
});
