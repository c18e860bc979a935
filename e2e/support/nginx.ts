import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { scriptOutput } from './redis.ts';

/*
 * The real nginx in front of test servers, through infra/nginx/start.sh, reload.sh and
 * stop.sh (the config a deployment copies): free ports, its own directory, stopped by stop().
 */

const run = promisify(execFile);
const SCRIPTS = path.resolve(import.meta.dirname, '../../infra/nginx');

export interface TestNginx {
  /** The app origin through nginx, e.g. http://127.0.0.1:<port> */
  url: string;
  /** The user-content origin through nginx (when user-content upstreams were given). */
  usercontentUrl: string | undefined;
  /** Where config, pid, access.log and error.log live. */
  dir: string;
  /** Points nginx at other instances without dropping its connections. */
  reload(upstreams: { upstreams: string[]; usercontentUpstreams?: string[] }): Promise<void>;
  stop(): Promise<void>;
}

/** `upstreams`: `host:port` of each instance's PORT; `usercontentUpstreams`: their USERCONTENT_PORTs. */
export async function startNginx(options: { upstreams: string[]; usercontentUpstreams?: string[]; env?: Record<string, string> }): Promise<TestNginx> {
  const env = { ...process.env, ...options.env, UPSTREAMS: options.upstreams.join(','), USERCONTENT_UPSTREAMS: (options.usercontentUpstreams ?? []).join(',') };
  let stdout: string;
  try {
    ({ stdout } = await run(path.join(SCRIPTS, 'start.sh'), [], { env }));
  } catch (error: unknown) {
    const stderr = (error as { stderr?: string }).stderr;
    throw new Error(`infra/nginx/start.sh failed${stderr ? `:\n${stderr}` : ''}`, { cause: error });
  }
  const out = scriptOutput(stdout);
  const { NGINX_URL: url, NGINX_DIR: dir } = out;
  if (!url || !dir) throw new Error(`infra/nginx/start.sh printed no NGINX_URL/NGINX_DIR:\n${stdout}`);
  let stopped = false;
  return {
    url,
    usercontentUrl: out.NGINX_USERCONTENT_URL,
    dir,
    async reload({ upstreams, usercontentUpstreams }) {
      await run(path.join(SCRIPTS, 'reload.sh'), [dir, `--upstreams=${upstreams.join(',')}`, ...(usercontentUpstreams ? [`--usercontent-upstreams=${usercontentUpstreams.join(',')}`] : [])]);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await run(path.join(SCRIPTS, 'stop.sh'), [dir]);
    },
  };
}
