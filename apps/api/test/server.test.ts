import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createRedis, Redis } from '@chatbot/core';
import { createDatabase, createIsolatedDatabase, registerModelVersion } from '@chatbot/db';
import { buildApiServer } from '../src/server';

const logger = createLogger('api-test', 'silent');
const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `test-api-${randomUUID().slice(0, 8)}`;
let isolated: Awaited<ReturnType<typeof createIsolatedDatabase>>;
let database: ReturnType<typeof createDatabase>;
let app: Awaited<ReturnType<typeof buildApiServer>>;

beforeAll(async () => {
  isolated = await createIsolatedDatabase();
  database = createDatabase(isolated.url);
  app = await buildApiServer({ redis, db: database.prisma, redisPrefix: prefix, logger });
});

afterAll(async () => {
  await app.close();
  await database.close();
  await isolated.drop();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('GET /healthz', () => {
  it('is 200 when Redis and PostgreSQL answer', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', checks: { redis: { ok: true }, postgres: { ok: true } } });
  });

  it('is 503 and names the failing service when Redis is down', async () => {
    const deadRedis = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    deadRedis.on('error', () => undefined);
    const degraded = await buildApiServer({ redis: deadRedis, db: database.prisma, redisPrefix: prefix, logger });
    try {
      const response = await degraded.inject({ method: 'GET', url: '/healthz' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ status: 'degraded', checks: { redis: { ok: false }, postgres: { ok: true } } });
    } finally {
      deadRedis.disconnect();
    }
  });
});

describe('GET /metrics', () => {
  it('reports queue depth and the active model version in Prometheus format', async () => {
    await registerModelVersion(database.prisma, { version: 'v-test-1', artefactPath: '/tmp/none', metrics: {}, activate: true });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain('chatbot_queue_jobs{queue="inbound",state="waiting"} 0');
    expect(response.body).toContain('chatbot_queue_jobs{queue="feedback",state="waiting"} 0');
    expect(response.body).toContain('chatbot_active_model_info{version="v-test-1"} 1');
  });
});
