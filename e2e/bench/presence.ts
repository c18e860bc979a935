import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import type { Principal } from '#policies';
import { api, startTestServer, tokensNamePeople } from '../../server/test-server.ts';
import { frame, MESSAGE, syncedClient } from '../support/wire.ts';
import { median } from './harness/report-math.ts';

/**
 * What presence costs at many viewers of one artifact, awareness on vs off: `npm run bench --
 * --only=presence`. One in-process server (PGlite), N raw sockets of N different people (the
 * artifact shared with the org). "on": every viewer publishes its state ({idle}) once it has
 * synced, as the web app does, and the server stamps and fans it out; then one viewer turns
 * idle and the time until every other viewer has heard it is measured. "off": the same sockets,
 * no awareness. CPU is this process's (server and clients share it), bytes are what all clients
 * received, so compare the two rows rather than read either alone.
 */
export async function benchPresence(viewers = 1_000, changes = 5): Promise<string> {
  const people: Record<string, Principal> = {};
  for (let i = 0; i < viewers; i++) people[`v${i}`] = { userId: `v${i}`, name: `Viewer ${i}`, orgId: 'acme', roles: ['artifact-viewer'], groups: [] };
  people['owner'] = { userId: 'owner', name: 'Owner', orgId: 'acme', roles: ['artifact-author'], groups: [] };
  const server = await startTestServer({ MAX_SOCKETS_PER_ADDRESS: String(viewers * 2 + 10) }, { authenticator: tokensNamePeople(people) });
  const lines = ['| viewers | awareness | join CPU ms | join bytes received (all) | one idle change: bytes to all | one idle change: to last viewer ms (median) |', '|---|---|---|---|---|---|'];
  try {
    for (const on of [false, true]) {
      const { id } = (await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'presence bench' }, 'owner')).body;
      await api(server.url, 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'org' }, 'owner');
      let bytes = 0;
      const heard: number[] = new Array<number>(viewers).fill(0);
      const cpu0 = process.cpuUsage();
      const clients = [];
      for (let i = 0; i < viewers; i++) {
        const client = await syncedClient(server.url, id, `v${i}`);
        client.ws.on('message', (data: Buffer) => {
          bytes += data.length;
          if (isAwareness(data)) heard[i] = (heard[i] ?? 0) + 1;
        });
        const awareness = new Awareness(client.doc);
        if (on) {
          awareness.setLocalState({ idle: false });
          client.ws.send(awarenessFrame(id, awareness));
        }
        clients.push({ client, awareness });
      }
      await settle();
      const cpu = process.cpuUsage(cpu0);
      const joinCpuMs = (cpu.user + cpu.system) / 1_000;
      const joinBytes = bytes;
      let changeBytes = '—';
      let changeMs = '—';
      if (on) {
        const times: number[] = [];
        let perChange = 0;
        for (let c = 0; c < changes; c++) {
          const before = heard.slice();
          const b0 = bytes;
          const t0 = performance.now();
          const first = clients[0];
          if (!first) break;
          first.awareness.setLocalStateField('idle', c % 2 === 0);
          first.client.ws.send(awarenessFrame(id, first.awareness));
          while (heard.some((n, i) => i > 0 && n === before[i])) await new Promise((r) => setTimeout(r, 2));
          times.push(performance.now() - t0);
          await settle();
          perChange = bytes - b0;
        }
        changeBytes = perChange.toLocaleString('en');
        changeMs = median(times).toFixed(0);
      }
      lines.push(`| ${viewers.toLocaleString('en')} | ${on ? 'on' : 'off'} | ${joinCpuMs.toFixed(0)} | ${joinBytes.toLocaleString('en')} | ${changeBytes} | ${changeMs} |`);
      for (const { client, awareness } of clients) {
        awareness.destroy();
        client.ws.close();
      }
      await settle();
    }
  } finally {
    await server.dispose();
  }
  return lines.join('\n');
}

function awarenessFrame(documentName: string, awareness: Awareness): Uint8Array {
  return frame(documentName, (e: encoding.Encoder) => {
    encoding.writeVarUint(e, MESSAGE.awareness);
    encoding.writeVarUint8Array(e, encodeAwarenessUpdate(awareness, [awareness.clientID]));
  });
}

/** Whether a raw message (varString document name, then the type) is an awareness message. */
function isAwareness(data: Buffer): boolean {
  let pos = 0;
  let length = 0;
  let shift = 0;
  for (;;) {
    const byte = data[pos++] ?? 0;
    length |= (byte & 0x7f) << shift;
    shift += 7;
    if (byte < 0x80) break;
  }
  return data[pos + length] === MESSAGE.awareness;
}

/** Lets the server's broadcasts (flushDelay) and the sockets drain. */
const settle = () => new Promise((r) => setTimeout(r, 500));
