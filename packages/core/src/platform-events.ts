import { z } from 'zod';
import type { Redis } from 'ioredis';
import { InboxEventSchema } from './inbox-events';
import { redisKey } from './redis';

/**
 * Announcements between processes over Redis pub/sub (fire-and-forget; a process that misses
 * one catches up from the database: workers also re-read the active model and catalogue on start
 * and on a timer).
 * - `model.promoted`: a model version became active; every worker loads it and swaps it in.
 * - `catalogue.changed`: intents or responses were edited; workers reload the reply catalogue.
 * - `inbox.changed`: a conversation that people handle changed (inbox-events.ts); every API process
 *   tells its dashboards, which re-read the inbox.
 */
export const PlatformEventSchemas = {
  'model.promoted': z.object({ version: z.string().min(1), artefactPath: z.string().min(1) }),
  'catalogue.changed': z.object({ reason: z.string().default('edited') }),
  'inbox.changed': InboxEventSchema,
} as const;
export type PlatformEventName = keyof typeof PlatformEventSchemas;
export type PlatformEvent<N extends PlatformEventName> = z.infer<(typeof PlatformEventSchemas)[N]>;

export function platformEventChannel(prefix: string, name: PlatformEventName): string {
  return redisKey(prefix, 'events', name);
}

export async function publishPlatformEvent<N extends PlatformEventName>(redis: Redis, prefix: string, name: N, event: PlatformEvent<N>): Promise<void> {
  await redis.publish(platformEventChannel(prefix, name), JSON.stringify(PlatformEventSchemas[name].parse(event)));
}

/**
 * Subscribes `subscriber` (a connection used only for subscriptions) to one event.
 * Malformed payloads are reported through `onInvalid` and otherwise ignored.
 */
export async function subscribePlatformEvent<N extends PlatformEventName>(
  subscriber: Redis,
  prefix: string,
  name: N,
  handler: (event: PlatformEvent<N>) => void,
  onInvalid: (payload: string) => void = () => undefined,
): Promise<void> {
  const channel = platformEventChannel(prefix, name);
  subscriber.on('message', (from: string, payload: string) => {
    if (from !== channel) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      return onInvalid(payload);
    }
    const result = PlatformEventSchemas[name].safeParse(parsed);
    if (result.success) handler(result.data as PlatformEvent<N>);
    else onInvalid(payload);
  });
  await subscriber.subscribe(channel);
}
