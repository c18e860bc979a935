import WebSocket from 'ws';
import * as Y from 'yjs';
import { findSection, newSectionMap, sectionsArray } from '#shared';
import { wallNow } from '../../stats.ts';
import { LOG_SECTION } from '../fixtures.ts';
import { authFrame, classifyFrame, countMarkers, keepaliveFrame, KEEPALIVE_MS, marker, step1Frame, step2Frame, updateFrame, type Protocol } from './wire.ts';

/** Transaction origin of updates that came from the server (never sent back). */
const REMOTE = Symbol('remote');

export interface YjsClientOptions {
  url: string;
  protocol: Protocol;
  documentName: string;
  token: string;
}

/**
 * A real Yjs replica over a WebSocket: sync step 1/2, then updates both ways, in the framing
 * of any of the servers under test. The agent uses it to edit; a few viewers use it to check
 * that every server really delivers a document that converges. No awareness (presence off).
 */
export class YjsClient {
  readonly doc = new Y.Doc();
  /** Send times of updates awaiting a Hocuspocus sync status (our durable acknowledgement). */
  private readonly unacknowledged: number[] = [];
  readonly ackMs: number[] = [];
  /** Edits the server acknowledged (sync status) since connecting. */
  acknowledged = 0;
  /** Set when the socket closed before `close()`: the server dropped this replica. */
  closedBy: string | undefined;
  private closing = false;
  private readonly keepalive: NodeJS.Timeout;

  private constructor(
    private readonly ws: WebSocket,
    private readonly options: YjsClientOptions,
  ) {
    // Like a provider's awareness renewal: the server keeps sockets that are never quiet for long.
    const frame = keepaliveFrame(options.protocol, options.documentName);
    this.keepalive = setInterval(() => {
      if (frame && ws.readyState === WebSocket.OPEN) ws.send(frame);
    }, KEEPALIVE_MS);
    this.keepalive.unref();
    ws.on('error', () => undefined); // a 'close' follows, which records it
    ws.on('close', (code, reason) => {
      clearInterval(this.keepalive);
      if (!this.closing) this.closedBy = `${code} ${reason.toString() || '(no reason)'}`;
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      if (options.protocol === 'hocuspocus') this.unacknowledged.push(wallNow());
      this.ws.send(updateFrame(options.protocol, options.documentName, update));
    });
  }

  /** Connects and resolves once the server's copy of the document has been received. */
  static async connect(options: YjsClientOptions): Promise<YjsClient> {
    const ws = new WebSocket(options.url, { perMessageDeflate: false });
    const client = new YjsClient(ws, options);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no sync from ${options.url} in 30 s`)), 30_000);
      const done = (error?: Error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      ws.once('error', done);
      ws.once('open', () => {
        const { protocol, documentName, token } = options;
        if (protocol === 'relay') return done();
        if (protocol === 'hocuspocus') ws.send(authFrame(documentName, token));
        ws.send(step1Frame(protocol, documentName, Y.encodeStateVector(client.doc)));
      });
      ws.on('message', (data: Buffer) => client.receive(data, done));
    });
    return client;
  }

  private receive(data: Buffer, synced: (error?: Error) => void): void {
    const { protocol, documentName } = this.options;
    const frame = classifyFrame(protocol, data);
    switch (frame.kind) {
      case 'step1':
        // Answer with what the server lacks; its sync status does not ack an edit.
        if (protocol === 'hocuspocus') this.unacknowledged.push(Number.NaN);
        this.ws.send(step2Frame(protocol, documentName, Y.encodeStateAsUpdate(this.doc, frame.payload)));
        break;
      case 'step2':
        Y.applyUpdate(this.doc, frame.payload, REMOTE);
        synced();
        break;
      case 'update':
        Y.applyUpdate(this.doc, frame.payload, REMOTE);
        break;
      case 'sync-status': {
        const sentAt = this.unacknowledged.shift();
        if (sentAt !== undefined && !Number.isNaN(sentAt) && frame.applied) {
          this.ackMs.push(wallNow() - sentAt);
          this.acknowledged++;
        }
        break;
      }
      case 'denied':
        synced(new Error(`permission denied: ${frame.reason}`));
        break;
      default:
    }
  }

  /** The text every edit appends to; created here on servers that do not make artifacts. */
  logText(create = false): Y.Text | undefined {
    let section = findSection(this.doc, LOG_SECTION);
    if (!section && create) {
      sectionsArray(this.doc).push([newSectionMap({ id: LOG_SECTION, type: 'markdown', text: '# Agent log\n' })]);
      section = findSection(this.doc, LOG_SECTION);
    }
    const text = section?.get('text');
    return text instanceof Y.Text ? text : undefined;
  }

  /** Number of edit markers this replica holds. */
  markerCount(): number {
    return countMarkers(this.logText()?.toString());
  }

  /** One edit: appends a marker carrying the send time. */
  edit(text: Y.Text): void {
    text.insert(text.length, marker(wallNow()));
  }

  /**
   * Edits at `editsPerS` for `durationMs`, each edit its own update and message. When timers
   * run late, the edits that are due go out at once (and say so by their timestamps).
   */
  async run(editsPerS: number, durationMs: number): Promise<{ sent: number; startedAt: number; endedAt: number }> {
    const text = this.logText(true);
    if (!text) throw new Error('the log section is missing');
    const intervalMs = 1_000 / editsPerS;
    const startedAt = wallNow();
    let sent = 0;
    for (;;) {
      const elapsed = wallNow() - startedAt;
      if (elapsed >= durationMs) break;
      const due = Math.min(Math.floor(elapsed / intervalMs) + 1, Math.ceil(durationMs / intervalMs));
      for (; sent < due; sent++) this.edit(text);
      await new Promise((r) => setTimeout(r, Math.max(0, startedAt + sent * intervalMs - wallNow())));
    }
    return { sent, startedAt, endedAt: wallNow() };
  }

  /** Hands the server a fresh token for the open socket (as a provider's `sendToken` does). */
  sendToken(token: string): void {
    if (this.options.protocol === 'hocuspocus' && this.ws.readyState === WebSocket.OPEN) this.ws.send(authFrame(this.options.documentName, token));
  }

  close(): void {
    this.closing = true;
    clearInterval(this.keepalive);
    this.doc.destroy();
    this.ws.close();
  }
}
