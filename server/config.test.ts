import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('socket limits in the config', () => {
  it('has defaults a page, a NAT or the 1,000-viewer benchmark can live with', () => {
    expect(loadConfig({}).socketLimits).toEqual({
      maxSockets: 10_000,
      maxSocketsPerAddress: 2_000,
      preauthMaxBytes: 32 * 1024,
      authTimeoutMs: 10_000,
      sendBufferMaxBytes: 4 * 1024 * 1024,
      maxDocumentsPerSocket: 10,
      syncRequestsPerMinute: 30,
    });
  });

  it('reads every setting and refuses nonsense, naming each', () => {
    const limits = loadConfig({ MAX_SOCKETS: '50', MAX_SOCKETS_PER_ADDRESS: '5', PREAUTH_MAX_BYTES: '8192', AUTH_TIMEOUT_MS: '2000', SOCKET_SEND_BUFFER_MAX_BYTES: '1048576', MAX_DOCUMENTS_PER_SOCKET: '3', SYNC_REQUESTS_PER_MINUTE: '6' }).socketLimits;
    expect(limits).toEqual({ maxSockets: 50, maxSocketsPerAddress: 5, preauthMaxBytes: 8192, authTimeoutMs: 2000, sendBufferMaxBytes: 1_048_576, maxDocumentsPerSocket: 3, syncRequestsPerMinute: 6 });
    expect(Object.isFrozen(limits)).toBe(true);
    const bad = () => loadConfig({ MAX_SOCKETS: '0', PREAUTH_MAX_BYTES: '10', AUTH_TIMEOUT_MS: 'soon' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/MAX_SOCKETS:[\s\S]*PREAUTH_MAX_BYTES:[\s\S]*AUTH_TIMEOUT_MS:/);
  });
});

describe('the metrics endpoint in the config', () => {
  it('is off by default, on loopback when METRICS_PORT is set, and never on the app or user-content port', () => {
    expect(loadConfig({}).metrics).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(() => loadConfig({ METRICS_PORT: '8080' })).toThrow(/METRICS_PORT=8080: the scrape endpoint needs its own port/);
    expect(() => loadConfig({ PORT: '9000', USERCONTENT_PORT: '9001', METRICS_PORT: '9001' })).toThrow(/METRICS_PORT=9001/);
    expect(() => loadConfig({ METRICS_PORT: '0' })).toThrow(/METRICS_PORT:/);
  });
});

describe('the MCP endpoint in the config', () => {
  it('accepts the artifacts-mcp audience and client by default, and only real origins as extra browser origins', () => {
    expect(loadConfig({}).mcp).toEqual({ audience: 'artifacts-mcp', allowedOrigins: [] });
    expect(loadConfig({}).oidcClients).toContain('artifacts-mcp');
    expect(loadConfig({ MCP_AUDIENCE: 'mcp-prod', MCP_ALLOWED_ORIGINS: 'https://inspector.example, http://127.0.0.1:6274/' }).mcp).toEqual({
      audience: 'mcp-prod',
      allowedOrigins: ['https://inspector.example', 'http://127.0.0.1:6274'],
    });
    expect(() => loadConfig({ MCP_ALLOWED_ORIGINS: 'https://ok.example,inspector,https://x.example/path' })).toThrow(
      /MCP_ALLOWED_ORIGINS: "inspector" is not an origin[\s\S]*MCP_ALLOWED_ORIGINS: "https:\/\/x.example\/path" is not an origin/,
    );
  });
});

describe('the database in the config', () => {
  it('uses PGlite in DATA_DIR by default, PostgreSQL with DATABASE_URL, with a pool of DATABASE_POOL_SIZE', () => {
    expect(loadConfig({})).toMatchObject({ databaseUrl: undefined, databasePoolSize: 10 });
    expect(loadConfig({ DATABASE_URL: 'postgres://app:secret@db.internal:5432/artifacts', DATABASE_POOL_SIZE: '25' })).toMatchObject({
      databaseUrl: 'postgres://app:secret@db.internal:5432/artifacts',
      databasePoolSize: 25,
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/artifacts' }).databaseUrl).toBe('postgresql://db/artifacts');
  });

  it('refuses a URL that is not PostgreSQL and a pool too small for the sweeper lock, naming each', () => {
    const bad = () => loadConfig({ DATABASE_URL: 'mysql://db/artifacts', DATABASE_POOL_SIZE: '1' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL[\s\S]*DATABASE_POOL_SIZE:/);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: 'many' })).toThrow(/DATABASE_POOL_SIZE:/);
  });

  it('runs as one instance without REDIS_URL, and as one of several with it, refusing what is not Redis', () => {
    expect(loadConfig({}).redis).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://cache.internal:6379', INSTANCE_ID: 'web-2' }).redis).toEqual({ url: 'redis://cache.internal:6379', prefix: 'live-artifacts', instanceId: 'web-2' });
    expect(loadConfig({ REDIS_URL: 'rediss://cache.internal:6380', REDIS_PREFIX: 'staging' }).redis).toMatchObject({ prefix: 'staging', instanceId: undefined });
    const bad = () => loadConfig({ REDIS_URL: 'http://cache.internal', REDIS_PREFIX: 'a b', INSTANCE_ID: 'x/y' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL[\s\S]*REDIS_PREFIX:[\s\S]*INSTANCE_ID:/);
  });
});
