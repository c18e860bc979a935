import { describe, expect, it } from 'vitest';
import { diffPath, galleryPath, historyPath, livePath, parseRoute, parseSide, versionPath, type Route } from './routes.ts';

describe('parseRoute', () => {
  it.each<[string, string, Route]>([
    ['/', '', { page: 'gallery', q: '', kind: '', show: '', sort: '' }],
    ['/', '?q=db%20outage&kind=incident', { page: 'gallery', q: 'db outage', kind: 'incident', show: '', sort: '' }],
    ['/', '?show=mine&sort=title', { page: 'gallery', q: '', kind: '', show: 'mine', sort: 'title' }],
    ['/a/abc123', '', { page: 'live', artifactId: 'abc123' }],
    ['/a/abc123/', '', { page: 'live', artifactId: 'abc123' }],
    ['/a/with%20space', '', { page: 'live', artifactId: 'with space' }],
    ['/a/abc123/history', '', { page: 'history', artifactId: 'abc123' }],
    ['/a/abc123/history/', '', { page: 'history', artifactId: 'abc123' }],
    ['/a/abc123/v/3', '', { page: 'version', artifactId: 'abc123' , version: 3 }],
    ['/a/abc123/v/12/', '', { page: 'version', artifactId: 'abc123', version: 12 }],
    ['/a/abc123/diff', '?from=2&to=live', { page: 'diff', artifactId: 'abc123', from: 2, to: 'live' }],
    ['/a/abc123/diff', '?from=live&to=1', { page: 'diff', artifactId: 'abc123', from: 'live', to: 1 }],
    ['/a/abc123/diff', '', { page: 'diff', artifactId: 'abc123', from: undefined, to: undefined }],
    ['/a/abc123/diff', '?from=0&to=two', { page: 'diff', artifactId: 'abc123', from: undefined, to: undefined }],
    ['/a/abc123/v/0', '', { page: 'not-found', path: '/a/abc123/v/0' }],
    ['/a/abc123/v/-1', '', { page: 'not-found', path: '/a/abc123/v/-1' }],
    ['/a/abc123/v/1.5', '', { page: 'not-found', path: '/a/abc123/v/1.5' }],
    ['/a/abc123/v/01', '', { page: 'not-found', path: '/a/abc123/v/01' }],
    ['/a/abc123/v/99999999999', '', { page: 'not-found', path: '/a/abc123/v/99999999999' }],
    ['/a/abc123/v', '', { page: 'not-found', path: '/a/abc123/v' }],
    ['/a/abc123/v/3/x', '', { page: 'not-found', path: '/a/abc123/v/3/x' }],
    ['/a/abc123/settings', '', { page: 'not-found', path: '/a/abc123/settings' }],
    ['/a/', '', { page: 'not-found', path: '/a/' }],
    ['/a/x/y', '', { page: 'not-found', path: '/a/x/y' }],
    ['/a/%E0%A4%A', '', { page: 'not-found', path: '/a/%E0%A4%A' }],
    ['/a/%E0%A4%A/history', '', { page: 'not-found', path: '/a/%E0%A4%A/history' }],
    ['/nowhere', '', { page: 'not-found', path: '/nowhere' }],
    ['/admin', '', { page: 'admin' }],
    ['/admin/', '', { page: 'admin' }],
    ['/admin/x', '', { page: 'not-found', path: '/admin/x' }],
    ['/audit', '', { page: 'audit' }],
    ['/audit/', '?action=viewed', { page: 'audit' }],
    ['/audit/x', '', { page: 'not-found', path: '/audit/x' }],
  ])('%s%s', (path, search, route) => {
    expect(parseRoute(path, search)).toEqual(route);
  });

  it('round-trips ids and versions through the path builders', () => {
    for (const id of ['plain', 'a/b', 'ü?#&']) {
      expect(parseRoute(livePath(id))).toEqual({ page: 'live', artifactId: id });
      expect(parseRoute(historyPath(id))).toEqual({ page: 'history', artifactId: id });
      expect(parseRoute(versionPath(id, 7))).toEqual({ page: 'version', artifactId: id, version: 7 });
      const [path, search] = diffPath(id, 3, 'live').split('?');
      expect(parseRoute(path as string, `?${search}`)).toEqual({ page: 'diff', artifactId: id, from: 3, to: 'live' });
    }
  });

  it('builds gallery paths with only the filters that are set', () => {
    expect(galleryPath()).toBe('/');
    expect(galleryPath({ q: '', kind: '' })).toBe('/');
    expect(galleryPath({ q: 'a&b', kind: 'incident' })).toBe('/?q=a%26b&kind=incident');
    const [, search] = galleryPath({ q: 'a&b', kind: 'incident' }).split('?');
    expect(parseRoute('/', `?${search}`)).toEqual({ page: 'gallery', q: 'a&b', kind: 'incident', show: '', sort: '' });
  });
});

describe('parseSide', () => {
  it.each([
    ['live', 'live'],
    ['1', 1],
    ['42', 42],
    ['0', undefined],
    ['LIVE', undefined],
    ['', undefined],
    [null, undefined],
  ])('%s → %s', (text, side) => {
    expect(parseSide(text)).toBe(side);
  });
});
