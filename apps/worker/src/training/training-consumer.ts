import { Queue, Worker } from 'bullmq';
import { TRAINING_QUEUE, type Logger } from '@chatbot/core';
import { failTrainingRun, listTrainingRuns, type Db } from '@chatbot/db';
import { createTrainingProcessor, WORKER_STOPPED_REASON, type TrainingProcessorDeps } from './training-processor';

/**
 * Takes training jobs off the `training` queue. One run at a time across every worker process:
 * the queue's global concurrency is 1 and so is this worker's; further requests wait in the queue.
 * On start, runs left `running` by a trainer that is gone are marked failed.
 */
export async function startTrainingConsumer(deps: TrainingProcessorDeps) {
  const queue = new Queue(TRAINING_QUEUE, { connection: deps.redis, prefix: deps.prefix });
  await queue.setGlobalConcurrency(1);
  await failInterruptedRuns(deps.db, queue, deps.logger);

  const worker = new Worker(TRAINING_QUEUE, createTrainingProcessor(deps), {
    connection: deps.redis,
    prefix: deps.prefix,
    concurrency: 1,
    // Training runs in a child process, so this process renews the job's lock throughout.
    lockDuration: 30_000,
    // A job whose trainer died comes back once; the processor then marks its run failed.
    maxStalledCount: 1,
  });
  worker.on('failed', (job, err) => deps.logger.warn({ jobId: job?.id, err }, 'training job failed'));
  worker.on('error', (err) => deps.logger.debug({ err }, 'training worker connection error'));
  await worker.waitUntilReady();

  return {
    worker,
    queue,
    /** Stops a run in progress (it is marked failed: the worker stopped) and closes the consumer. */
    async close(): Promise<void> {
      worker.cancelAllJobs(WORKER_STOPPED_REASON);
      await worker.close();
      await queue.close();
    },
  };
}
export type TrainingConsumer = Awaited<ReturnType<typeof startTrainingConsumer>>;

/** A run is `running` only while its job is active; any other running run lost its trainer. */
async function failInterruptedRuns(db: Db, queue: Queue, logger: Logger): Promise<void> {
  for (const run of await listTrainingRuns(db, { status: 'running', limit: 200 })) {
    const job = await queue.getJob(run.id);
    const state = job ? await job.getState() : 'missing';
    if (state === 'active') continue;
    if (await failTrainingRun(db, run.id, WORKER_STOPPED_REASON)) {
      logger.warn({ trainingRunId: run.id, jobState: state }, 'marked an interrupted training run failed');
    }
  }
}
