import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../log.ts';
import type { ControlEvent } from './control-events.ts';
import { RedisControl } from './redis-control.ts';
import { RedisSync, type StoredInstant } from './redis-sync.ts';

export { controlEventSchema, NO_PEERS, type ControlEvent, type Peers } from './control-events.ts';
export { applyControlEvent, type ControlTargets } from './apply-control.ts';
export { RedisSync, syncStepOneTarget } from './redis-sync.ts';

/**
 * Several instances on one Redis: document updates and awareness through the Hocuspocus Redis
 * extension (`sync`, one more collab extension), and control events (`control`) on a channel
 * of their own. Built before the collab layer, which takes `sync` as an extension; the control
 * events' receiver is bound once the layers that act on them exist (`onControl`).
 */
export interface Cluster {
  /** This instance's name in Redis (INSTANCE_ID, or host, pid and a random part). */
  identifier: string;
  sync: RedisSync;
  control: RedisControl;
  onControl(apply: (event: ControlEvent) => Promise<void>): void;
  /** Throws when Redis does not answer (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createCluster(options: { url: string; prefix: string; identifier: string | undefined; logger: Logger; storedInstant: StoredInstant }): Cluster {
  const identifier = options.identifier ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const logger = options.logger.child({ instance: identifier });
  const sync = new RedisSync({ url: options.url, prefix: options.prefix, identifier, logger, storedInstant: options.storedInstant });
  let apply: (event: ControlEvent) => Promise<void> = async () => undefined;
  const control = new RedisControl(sync.pub as never, { url: options.url, prefix: options.prefix, identifier, logger, apply: (event) => apply(event) });
  return {
    identifier,
    sync,
    control,
    onControl(receiver) {
      apply = receiver;
    },
    async ping() {
      await sync.ping();
      if (!control.connected) throw new Error('the control channel is not subscribed');
    },
    async close() {
      await control.close();
      await sync.onDestroy();
    },
  };
}
