import IORedis from 'ioredis';
import type { Logger } from '../log.ts';
import { controlMessageSchema, type ControlEvent, type Peers } from './control-events.ts';
import { redisOptions } from './redis-sync.ts';

/**
 * Control events between instances on one Redis channel (`<prefix>#control`; `#` keeps it
 * apart from the document channels `<prefix>:<name>`). Fire and forget, like the rest of Redis
 * pub/sub: an instance cut off from Redis misses events, which is why every receiver also
 * rechecks on its own (token expiry, the policy cache's lifetime, the membership sweep) and
 * why events carry only ids, read afresh by each receiver.
 */
export class RedisControl implements Peers {
  private readonly sub: IORedis;
  private readonly channel: string;

  constructor(
    private readonly pub: IORedis,
    private readonly options: { url: string; prefix: string; identifier: string; logger: Logger; apply: (event: ControlEvent) => Promise<void> },
  ) {
    this.channel = `${options.prefix}#control`;
    this.sub = new IORedis(options.url, redisOptions('subscriber'));
    this.sub.on('error', (error: Error) => options.logger.debug({ err: error }, 'redis connection error (control channel)'));
    this.sub.on('message', (_channel: string, message: string) => void this.receive(message));
    void this.sub.subscribe(this.channel).catch((error: unknown) => options.logger.error({ err: error }, 'subscribing to the control channel failed'));
  }

  announce(event: ControlEvent): void {
    const message = JSON.stringify({ from: this.options.identifier, event });
    this.pub.publish(this.channel, message).catch((error: unknown) => {
      this.options.logger.warn({ err: error, event: event.type }, 'a control event could not be sent to the other instances; they notice the change on their own rechecks');
    });
  }

  get connected(): boolean {
    return this.sub.status === 'ready';
  }

  async close(): Promise<void> {
    this.sub.disconnect(false);
  }

  private async receive(raw: string): Promise<void> {
    let parsed;
    try {
      parsed = controlMessageSchema.safeParse(JSON.parse(raw));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      this.options.logger.warn({ bytes: raw.length }, 'ignored a malformed control message');
      return;
    }
    if (parsed.data.from === this.options.identifier) return;
    try {
      await this.options.apply(parsed.data.event);
    } catch (error) {
      this.options.logger.warn({ err: error, event: parsed.data.event.type }, 'applying a control event from another instance failed');
    }
  }
}
