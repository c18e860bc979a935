import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** One request the receiver got: headers as Node lower-cases them, and the raw body. */
export interface ReceivedRequest {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  at: number;
}

/** How the receiver answers a request: a status, or never (the sender times out). */
export type ReceiverAnswer = number | 'hang';

export interface WebhookReceiver {
  /** https://127.0.0.1:<port> */
  origin: string;
  /** The PEM of the self-signed certificate, for WEBHOOK_CA_FILE. */
  caFile: string;
  requests: ReceivedRequest[];
  /** Answers for the next requests, in order; once used up every request gets 200. */
  answers: ReceiverAnswer[];
  close(): Promise<void>;
}

/**
 * A real HTTPS webhook receiver on loopback with a certificate made for this run (openssl,
 * self-signed, for 127.0.0.1 and localhost): the server under test trusts it through
 * WEBHOOK_CA_FILE, as a site trusts its private CA. Nothing leaves the machine.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const dir = mkdtempSync(path.join(tmpdir(), 'la-hook-'));
  const keyFile = path.join(dir, 'key.pem');
  const caFile = path.join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=webhook-receiver.test', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', keyFile, '-out', caFile,
  ], { stdio: 'ignore' });
  const requests: ReceivedRequest[] = [];
  const answers: ReceiverAnswer[] = [];
  const hanging = new Set<() => void>();
  const server: Server = createServer({ key: readFileSync(keyFile), cert: readFileSync(caFile) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const answer = answers.shift() ?? 200;
      if (answer === 'hang') {
        hanging.add(() => res.destroy());
        return;
      }
      res.writeHead(answer, { 'content-type': 'text/plain' });
      res.end(answer < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    caFile,
    requests,
    answers,
    async close() {
      for (const end of hanging) end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
