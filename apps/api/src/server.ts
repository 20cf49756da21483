import Fastify, { type FastifyBaseLogger } from 'fastify';
import {
  DEFAULT_INBOX_STREAM_MAX_CLIENTS,
  DEFAULT_MIN_EXAMPLES_PER_INTENT,
  RateLimit,
  fastifyTrustProxy,
  redisKey,
  type Logger,
  type Redis,
  type TrustProxy,
} from '@chatbot/core';
import { DEFAULT_BOT_DIR } from '@chatbot/default-bot';
import { countUsableApiKeys, type Db } from '@chatbot/db';
import { checkHealth } from './health';
import { createApiMetrics } from './api-metrics';
import { AdminQueues, type TrainingSettings } from './admin/admin-deps';
import { Authenticator } from './admin/auth';
import { registerAdminApi } from './admin-api';
import { registerDashboard } from './dashboard/dashboard';
import { InboxEventHub } from './live/inbox-event-hub';

/** Enough for a person mistyping a token; far too few to guess one. */
const FAILED_LOGINS_PER_MINUTE = 10;

export interface ApiServerOptions {
  redis: Redis;
  db: Db;
  redisPrefix: string;
  logger: Logger;
  /** Channels whose outbound queues are reported in /metrics. */
  channels?: string[];
  /** ADMIN_TOKEN: the bootstrap admin credential of the admin API. */
  adminToken?: string;
  /** API_TRUST_PROXY: behind a TLS-terminating proxy, whose X-Forwarded-* headers to believe (Secure cookie, client address). */
  trustProxy?: TrustProxy;
  /** Failed logins one address may make per minute before it is refused for the rest of the minute. */
  failedLoginsPerMinute?: number;
  /** BOT_TIME_ZONE, as the workers have it (the entity "try it" reads dates in it); default UTC. */
  botTimeZone?: string;
  /** Defaults: the default bot's data (@chatbot/default-bot) and core's DEFAULT_MIN_EXAMPLES_PER_INTENT. */
  training?: Partial<TrainingSettings>;
  /** The live inbox (GET /inbox/events): INBOX_STREAM_MAX_CLIENTS, and how often quiet streams get a keep-alive (25 s). */
  inboxStream?: { maxClients?: number; keepAliveMs?: number };
}

/** The API process's HTTP server: /healthz, /metrics, the admin API under /api/v1 and the dashboard under /admin. */
export async function buildApiServer(options: ApiServerOptions) {
  const app = Fastify({ loggerInstance: options.logger as FastifyBaseLogger, trustProxy: fastifyTrustProxy(options.trustProxy ?? false) });
  const channels = options.channels ?? ['web', 'slack', 'discord'];
  const metrics = createApiMetrics({
    redis: options.redis,
    prefix: options.redisPrefix,
    db: options.db,
    channels,
  });
  const queues = new AdminQueues(options.redis, options.redisPrefix, channels);
  const failedLogins = new RateLimit(options.redis, options.redisPrefix, 'admin-login-failures', {
    limit: options.failedLoginsPerMinute ?? FAILED_LOGINS_PER_MINUTE,
    windowMs: 60_000,
  });
  const authenticator = new Authenticator(options.db, options.adminToken, failedLogins);
  const inboxEvents = new InboxEventHub({
    // Named, so that CLIENT LIST tells it from the other connections.
    subscriber: options.redis.duplicate({ connectionName: redisKey(options.redisPrefix, 'inbox-events') }),
    prefix: options.redisPrefix,
    logger: options.logger,
    maxClients: options.inboxStream?.maxClients ?? DEFAULT_INBOX_STREAM_MAX_CLIENTS,
    keepAliveMs: options.inboxStream?.keepAliveMs,
  });
  inboxEvents.start();
  // Open streams never end by themselves: end them first, or closing the server would wait for them forever.
  app.addHook('preClose', async () => inboxEvents.close());
  app.addHook('onClose', async () => {
    await Promise.all([metrics.close(), queues.close()]);
  });

  app.get('/healthz', async (_request, reply) => {
    const report = await checkHealth(options.redis, options.db);
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });

  app.get('/metrics', async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });

  await registerAdminApi(app, {
    db: options.db,
    redis: options.redis,
    prefix: options.redisPrefix,
    logger: options.logger,
    authenticator,
    queues,
    inboxEvents,
    metrics,
    botTimeZone: options.botTimeZone ?? 'UTC',
    training: {
      baseDataDir: options.training?.baseDataDir ?? DEFAULT_BOT_DIR,
      minExamplesPerIntent: options.training?.minExamplesPerIntent ?? DEFAULT_MIN_EXAMPLES_PER_INTENT,
    },
  });
  // The dashboard page, its session cookie and bull-board, under /admin.
  await registerDashboard(app, { db: options.db, redis: options.redis, prefix: options.redisPrefix, authenticator, channels });
  if (options.adminToken === undefined && (await countUsableApiKeys(options.db)) === 0) {
    options.logger.warn(
      'the admin API has no credentials, so it answers 401 to every request: set ADMIN_TOKEN (at least 16 characters, e.g. `openssl rand -hex 24`) and restart',
    );
  }

  return app;
}
