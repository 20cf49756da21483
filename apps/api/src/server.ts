import Fastify from 'fastify';
import type { Logger, Redis } from '@chatbot/core';
import type { Db } from '@chatbot/db';
import { checkHealth } from './health';
import { createApiMetrics } from './api-metrics';

export interface ApiServerOptions {
  redis: Redis;
  db: Db;
  redisPrefix: string;
  logger: Logger;
  /** Channels whose outbound queues are reported in /metrics. */
  channels?: string[];
}

/** The API process's HTTP server: health and metrics now; the admin API joins it here. */
export async function buildApiServer(options: ApiServerOptions) {
  const app = Fastify({ loggerInstance: options.logger });
  const metrics = createApiMetrics({
    redis: options.redis,
    prefix: options.redisPrefix,
    db: options.db,
    channels: options.channels ?? ['web', 'slack', 'discord'],
  });
  app.addHook('onClose', async () => {
    await metrics.close();
  });

  app.get('/healthz', async (_request, reply) => {
    const report = await checkHealth(options.redis, options.db);
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });

  app.get('/metrics', async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });

  return app;
}
