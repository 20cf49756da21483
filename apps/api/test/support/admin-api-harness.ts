import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createLogger, createRedis, subscribePlatformEvent, type Logger, type PlatformEvent, type PlatformEventName, type Redis } from '@chatbot/core';
import { createDatabase, createIsolatedDatabase, type Database, type Db, type IsolatedDatabase } from '@chatbot/db';
import { buildApiServer, type ApiServerOptions } from '../../src/index';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

type Server = Awaited<ReturnType<typeof buildApiServer>>;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface AdminApiHarness {
  readonly app: Server;
  readonly db: Db;
  readonly redis: Redis;
  readonly prefix: string;
  /** Calls the API as the bootstrap admin unless `token` says otherwise (null: no Authorization header). */
  call(method: Method, url: string, options?: { token?: string | null; body?: unknown }): Promise<{ status: number; json: any }>;
  /** Collects the platform events published from now on. */
  listen<N extends PlatformEventName>(name: N): Promise<Array<PlatformEvent<N>>>;
}

/**
 * Gives the test file an admin API on its own migrated database and its own Redis prefix,
 * all removed afterwards.
 */
export function useAdminApi(
  options: Partial<Pick<ApiServerOptions, 'adminToken' | 'training' | 'logger' | 'trustProxy' | 'failedLoginsPerMinute'>> = {},
): AdminApiHarness {
  const prefix = `test-admin-${randomUUID().slice(0, 8)}`;
  const redis = createRedis(REDIS_URL);
  const subscribers: Redis[] = [];
  let isolated: IsolatedDatabase | undefined;
  let database: Database | undefined;
  let server: Server | undefined;

  beforeAll(async () => {
    isolated = await createIsolatedDatabase();
    database = createDatabase(isolated.url);
    server = await buildApiServer({
      redis,
      db: database.prisma,
      redisPrefix: prefix,
      logger: options.logger ?? (createLogger('admin-api-test', 'silent') as Logger),
      adminToken: 'adminToken' in options ? options.adminToken : ADMIN_TOKEN,
      training: options.training,
      trustProxy: options.trustProxy,
      failedLoginsPerMinute: options.failedLoginsPerMinute,
    });
  });

  afterAll(async () => {
    await server?.close();
    await database?.close();
    await isolated?.drop();
    for (const subscriber of subscribers) subscriber.disconnect();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  const harness: AdminApiHarness = {
    get app() {
      if (!server) throw new Error('the admin API is only available inside tests');
      return server;
    },
    get db() {
      if (!database) throw new Error('the database is only available inside tests');
      return database.prisma;
    },
    redis,
    prefix,
    async call(method, url, { token = ADMIN_TOKEN, body } = {}) {
      const response = await harness.app.inject({
        method,
        url,
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: response.statusCode, json: response.body ? response.json() : undefined };
    },
    async listen(name) {
      const subscriber = createRedis(REDIS_URL);
      subscribers.push(subscriber);
      const events: Array<PlatformEvent<typeof name>> = [];
      await subscribePlatformEvent(subscriber, prefix, name, (event) => events.push(event));
      return events;
    },
  };
  return harness;
}
