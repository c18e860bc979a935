import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../test-server.ts';
import { isJsonMediaType } from './body.ts';

/*
 * Which Content-Type a JSON body may come with: the media type before any parameter, without
 * case, `application/json` or a `+json` suffix type. A parameter that merely mentions JSON does
 * not make a body JSON.
 */
const table: [string | undefined, boolean][] = [
  ['application/json', true],
  ['application/json; charset=utf-8', true],
  ['Application/JSON;charset=UTF-8', true],
  ['  application/json  ', true],
  ['application/merge-patch+json', true],
  ['application/vnd.api+json; ext=bulk', true],
  ['text/plain; charset=application/json', false],
  ['text/plain;application/json', false],
  ['multipart/form-data; boundary=application/json', false],
  ['application/x-www-form-urlencoded', false],
  ['text/plain', false],
  ['text/json', false],
  ['application/jsonp', false],
  ['application/json-seq', false],
  ['application/+json', false],
  ['application/json, text/plain', false],
  ['xapplication/json', false],
  ['', false],
  [undefined, false],
];

describe('JSON media types', () => {
  it.each(table)('%j → JSON %s', (header, json) => {
    expect(isJsonMediaType(header)).toBe(json);
  });
});

describe('the API answers 415 for a body that is not JSON by its media type', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const create = (contentType: string | undefined) =>
    fetch(`${server.url}/api/artifacts`, {
      method: 'POST',
      headers: { authorization: 'Bearer test', ...(contentType === undefined ? {} : { 'content-type': contentType }) },
      body: JSON.stringify({ title: 'Typed' }),
    });
  const listed = async () => ((await (await fetch(`${server.url}/api/artifacts`, { headers: { authorization: 'Bearer test' } })).json()) as { artifacts: unknown[] }).artifacts.length;

  it.each([
    ['text/plain; charset=application/json', 415],
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
    ['application/json; charset=utf-8', 201],
    ['application/merge-patch+json', 201],
  ])('%s → %i', async (contentType, status) => {
    const before = await listed();
    const response = await create(contentType);
    expect(response.status).toBe(status);
    if (status === 415) {
      expect(await response.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
      expect(await listed()).toBe(before);
    } else {
      expect(await listed()).toBe(before + 1);
    }
  });
});
