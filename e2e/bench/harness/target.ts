import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { callApi, createArtifact, obtainToken } from './clients/our-api.ts';
import { countMarkers } from './clients/wire.ts';
import { documentBytes, LOG_SECTION } from './fixtures.ts';
import { ServerProcess, type ServerSpec } from './servers/index.ts';

/** A running server under test with what clients need to use it. */
export interface Target {
  spec: ServerSpec;
  server: ServerProcess;
  token: string;
  /** Which of our features were on in this run (report). */
  features: Record<string, string>;
  /**
   * A document holding `batches` of ops, ready to be loaded: an artifact made over HTTP on our
   * server, a seed file for the baselines (the relay holds no document: just a name).
   */
  newDocument(title: string, batches?: unknown[][]): Promise<string>;
  /**
   * Edit markers in the server's stored copy of a document (our server: its live JSON over
   * HTTP), to check that every acknowledged edit was kept. Undefined where nothing is stored.
   */
  storedMarkers?(documentName: string): Promise<number>;
}

let documents = 0;

export async function startTarget(spec: ServerSpec, options: { core?: string; seedDir: string }): Promise<Target> {
  const server = await ServerProcess.start(spec, options);
  if (spec.needsArtifacts) {
    const { token, auth } = await obtainToken(server.url);
    const target: Target = {
      spec,
      server,
      token,
      features: {
        storage: spec.postgres ? 'PostgreSQL 15 (own processes on the server\'s core, fsync and synchronous_commit on)' : 'PGlite (embedded)',
        'durable ack': 'on (update committed before broadcast and sync status)',
        auth,
        telemetry: spec.telemetry ? 'on (OTLP/HTTP to a sink that discards)' : 'off',
      },
      newDocument: (title, batches = []) => createArtifact(server.url, target.token, title, batches),
      async storedMarkers(documentName) {
        const live = await callApi<{ sections: { id: string; text?: string }[] }>(server.url, target.token, 'GET', `/api/artifacts/${documentName}`);
        return countMarkers(live.sections.find((s) => s.id === LOG_SECTION)?.text);
      },
    };
    // Access tokens live 5 minutes and a full run of our server takes longer: a fresh one every
    // minute, so whatever a row reads when it starts is good for at least four more.
    const renew = setInterval(() => {
      obtainToken(server.url).then(
        // obtainToken falls back to a dummy when the IdP does not answer: keep the real one then.
        (fresh) => {
          if (fresh.auth === auth) target.token = fresh.token;
        },
        () => undefined, // the server is restarting (reconnect and memory rows); next minute
      );
    }, 60_000);
    renew.unref();
    return target;
  }
  return {
    spec,
    server,
    token: 'bench',
    features: { storage: spec.hasDocument ? 'memory' : 'none', 'durable ack': 'off', auth: 'none' },
    async newDocument(title, batches = []) {
      const name = `${title.replace(/\W+/g, '-')}-${++documents}`;
      if (spec.hasDocument && batches.length > 0) writeFileSync(path.join(options.seedDir, `${encodeURIComponent(name)}.bin`), documentBytes(batches));
      return name;
    },
  };
}
