import type { Server } from 'node:http';
import type { Job } from 'bullmq';
import { ActionCaller } from '@chatbot/actions';
import {
  ACTIONS_QUEUE,
  ActionPublisher,
  ConversationSequence,
  INBOUND_QUEUE,
  OutboundPublisher,
  createRedis,
  publishPlatformEvent,
  subscribePlatformEvent,
  type Config,
  type InboxEvent,
  type Logger,
} from '@chatbot/core';
import { createDatabase, getActiveModelVersion, pingDatabase } from '@chatbot/db';
import { readBotTrainingData } from '@chatbot/default-bot';
import { initBackend, loadIntentModel } from '@chatbot/model';
import { createActionProcessor } from './actions/action-processor';
import { CatalogueCache } from './catalogue-cache';
import { apologyFor } from './dead-letter';
import { createInboundProcessor } from './inbound-processor';
import { startDataRetention } from './data-retention';
import { startFeedbackConsumer } from './feedback-consumer';
import { MicroBatcher } from './micro-batcher';
import { ModelRegistry, NoActiveModelError } from './model-registry';
import { startMetricsServer } from './metrics-server';
import { startStoreBoundWorker, waitUntilStoreAnswers } from './store-outage';
import { createWorkerMetrics } from './worker-metrics';
import { startTrainingConsumer, type TrainingConsumer } from './training/training-consumer';

export type WorkerConfig = Config<'redis' | 'database' | 'model' | 'worker' | 'training'>;

/**
 * Starts one worker: answers inbound messages with the active model, stores end users' ratings of
 * replies, swaps models when a promotion is announced, deletes quiet conversations
 * (CONVERSATION_RETENTION_DAYS), and (TRAINING_ENABLED) takes training jobs, one run at a time across
 * all workers. `close()` finishes the inbound jobs in hand, stops a training run, then releases everything.
 */
export async function startWorker(config: WorkerConfig, logger: Logger, options: { metricsPort?: number | null } = {}) {
  const backend = await initBackend(config.MODEL_BACKEND);
  const redis = createRedis(config.REDIS_URL, logger);
  const subscriber = createRedis(config.REDIS_URL, logger.child({ connection: 'platform-events' }));
  const database = createDatabase(config.DATABASE_URL);
  const metrics = createWorkerMetrics();
  const registry = new ModelRegistry((dir) => loadIntentModel(dir, { backend, threshold: config.NLU_THRESHOLD }), logger);

  const storeAnswers = () =>
    pingDatabase(database.prisma).then(
      () => true,
      () => false,
    );
  // Started while PostgreSQL is down (a machine booting, a database restarting): wait for it.
  await waitUntilStoreAnswers(storeAnswers, logger);
  const outage = { storeAnswers, logger, onOutageChange: (down: boolean) => metrics.storeUnreachable.set(down ? 1 : 0) };

  const active = await getActiveModelVersion(database.prisma);
  if (!active) throw new NoActiveModelError();
  await registry.activate(active);
  const recordModel = () => {
    metrics.modelInfo.reset();
    metrics.modelInfo.set({ version: registry.version ?? 'none', backend: registry.backend ?? backend }, 1);
    if (registry.threshold !== null) metrics.modelThreshold.set(registry.threshold);
  };
  recordModel();

  const catalogue = new CatalogueCache(database.prisma, logger);
  await catalogue.start();
  // The built-in entity recognizers load lazily (up to ~0.6 s); loading them now keeps that out of the first messages' time budget.
  catalogue.current.entities.warmUp();

  const ignoreMalformed = (payload: string) => logger.warn({ payload }, 'ignoring a malformed platform event');
  await subscribePlatformEvent(
    subscriber,
    config.REDIS_PREFIX,
    'model.promoted',
    (promotion) => {
      registry.activate(promotion).then(recordModel, (err: unknown) => logger.error({ err, ...promotion }, 'could not load the promoted model; keeping the current one'));
    },
    ignoreMalformed,
  );
  await subscribePlatformEvent(
    subscriber,
    config.REDIS_PREFIX,
    'catalogue.changed',
    () => {
      catalogue.refresh().catch((err: unknown) => logger.warn({ err }, 'reply catalogue refresh failed; keeping the last one'));
    },
    ignoreMalformed,
  );

  const replies = new OutboundPublisher(redis, config.REDIS_PREFIX);
  const actions = new ActionPublisher(redis, config.REDIS_PREFIX);
  /** The agents' live inbox hears of handoffs and of users writing to a person (the `inbox.changed` platform event). */
  const announceInboxChange = (event: InboxEvent) => publishPlatformEvent(redis, config.REDIS_PREFIX, 'inbox.changed', event);

  const batcher = new MicroBatcher((texts: string[]) => registry.classifyBatch(texts));
  const sequence = new ConversationSequence(redis, config.REDIS_PREFIX);
  const processor = createInboundProcessor({
    db: database.prisma,
    sequence,
    classify: (text) => batcher.submit(text),
    catalogue: () => catalogue.current,
    timeZone: config.BOT_TIME_ZONE,
    publishReply: (reply) => replies.publish(reply),
    publishAction: (job, inboundJobId) => actions.publish(job, inboundJobId),
    announceInboxChange,
    metrics,
    logger,
  });
  const worker = startStoreBoundWorker(
    INBOUND_QUEUE,
    processor,
    {
      connection: redis,
      prefix: config.REDIS_PREFIX,
      concurrency: config.WORKER_CONCURRENCY,
      // A crashed worker's job is picked up again after its lock expires; keep that quick.
      lockDuration: 10_000,
      stalledInterval: 5_000,
      maxStalledCount: 3,
    },
    outage,
  );
  const caller = new ActionCaller();
  const actionWorker = startStoreBoundWorker(
    ACTIONS_QUEUE,
    createActionProcessor({
      db: database.prisma,
      sequence,
      catalogue: () => catalogue.current,
      callAction: (action, request) => caller.call(action, request),
      publishReply: (reply) => replies.publish(reply),
      announceInboxChange,
      metrics,
      logger: logger.child({ component: 'actions' }),
    }),
    { connection: redis, prefix: config.REDIS_PREFIX, concurrency: config.ACTION_CONCURRENCY, lockDuration: 40_000, stalledInterval: 5_000, maxStalledCount: 3 },
    outage,
  );
  const sendApology = (queue: string, messageOf?: (data: unknown) => unknown) => (job: Job | undefined, err: Error) => {
    const failed = (messageOf ? messageOf(job?.data) : job?.data) as { conversationKey?: string } | undefined;
    logger.error({ conversationId: failed?.conversationKey, jobId: job?.id, attempt: job?.attemptsMade, err }, `${queue} job failed`);
    const apology = job && apologyFor(job, err, messageOf);
    if (!apology) return;
    const { reply, seq } = apology;
    // The job is in the dead-letter set now (admins re-drive it); the user hears something went wrong,
    // and the conversation moves on: its next messages do not wait behind this one (after the apology).
    logger.warn({ conversationId: reply.conversationKey, jobId: job.id }, 'message could not be answered; apology sent, job kept for an admin to re-drive');
    replies
      .publish(reply)
      .then(() => sequence.markDone(reply.conversationKey, seq))
      .catch((error: unknown) => logger.error({ err: error, jobId: job.id }, 'could not queue the apology'));
  };
  worker.on('failed', sendApology('inbound'));
  actionWorker.on(
    'failed',
    sendApology('action', (data) => (data as { message?: unknown } | undefined)?.message),
  );
  await worker.waitUntilReady();
  await actionWorker.waitUntilReady();
  const feedback = startFeedbackConsumer({ db: database.prisma, redis, prefix: config.REDIS_PREFIX, logger, metrics, outage });
  await feedback.waitUntilReady();
  const retention = await startDataRetention({
    db: database.prisma,
    redis,
    prefix: config.REDIS_PREFIX,
    logger: logger.child({ component: 'retention' }),
    metrics,
    retentionDays: config.CONVERSATION_RETENTION_DAYS,
  });

  const training: TrainingConsumer | null = config.TRAINING_ENABLED
    ? await startTrainingConsumer({
        db: database.prisma,
        redis,
        prefix: config.REDIS_PREFIX,
        logger: logger.child({ component: 'trainer' }),
        modelDir: config.MODEL_DIR,
        backend: config.MODEL_BACKEND,
        maxMacroF1Drop: config.PROMOTION_MAX_MACRO_F1_DROP,
        minExamplesPerIntent: config.TRAINING_MIN_EXAMPLES_PER_INTENT,
        loadBaseData: () => readBotTrainingData(),
      })
    : null;

  const metricsPort = options.metricsPort === undefined ? config.METRICS_PORT : options.metricsPort;
  const metricsServer: Server | null = metricsPort === null ? null : await startMetricsServer(metrics.registry, metricsPort);
  logger.info({ backend, modelVersion: registry.version, concurrency: config.WORKER_CONCURRENCY, training: config.TRAINING_ENABLED, metricsPort }, 'worker ready');

  return {
    worker,
    registry,
    metrics,
    /** The bot's catalogue as this worker uses it (tests refresh it rather than wait for the event). */
    catalogue,
    training,
    async close(): Promise<void> {
      await training?.close();
      await worker.close();
      await actionWorker.close();
      await actions.close();
      await feedback.close();
      await retention.close();
      catalogue.stop();
      metricsServer?.close();
      await replies.close();
      subscriber.disconnect();
      redis.disconnect();
      await database.close();
      registry.dispose();
    },
  };
}
