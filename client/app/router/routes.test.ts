import { describe, expect, it } from 'vitest';
import { livePath, parseRoute } from './routes.ts';

describe('parseRoute', () => {
  it.each([
    ['/', { page: 'gallery' }],
    ['/a/abc123', { page: 'live', artifactId: 'abc123' }],
    ['/a/abc123/', { page: 'live', artifactId: 'abc123' }],
    ['/a/with%20space', { page: 'live', artifactId: 'with space' }],
    ['/a/', { page: 'not-found', path: '/a/' }],
    ['/a/x/y', { page: 'not-found', path: '/a/x/y' }],
    ['/a/%E0%A4%A', { page: 'not-found', path: '/a/%E0%A4%A' }],
    ['/nowhere', { page: 'not-found', path: '/nowhere' }],
  ])('%s', (path, route) => {
    expect(parseRoute(path)).toEqual(route);
  });

  it('round-trips ids through livePath', () => {
    for (const id of ['plain', 'a/b', 'ü?#&']) expect(parseRoute(livePath(id))).toEqual({ page: 'live', artifactId: id });
  });
});
