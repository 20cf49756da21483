import { rm } from 'node:fs/promises';
import { UnrecoverableError, type Job } from 'bullmq';
import { TrainingJobSchema, publishPlatformEvent, type Logger, type Redis } from '@chatbot/core';
import { buildTrainingSplit, TRAINING_SEED, type BaseTrainingData } from '@chatbot/nlp';
import {
  cancelTrainingRun,
  failTrainingRun,
  getActiveModelVersion,
  getTrainingRun,
  loadRetrainingExamples,
  markTrainingRunRunning,
  registerModelVersion,
  type Db,
} from '@chatbot/db';
import type { BackendPreference, ModelEvaluation } from '@chatbot/model';
import { decidePromotion, type ActiveModelScore } from './promotion-gate';
import { createProgressReporter } from './progress-reporter';
import { trainInChildProcess, TrainingAbortedError } from './train-in-child-process';
import type { TrainingOutcome } from './training-child-protocol';
import { clearTrainingCancelRequest, isTrainingCancelRequested } from './training-cancellation';
import { assertEnoughExamples } from './training-refusal';

/** The reason stored on a run whose trainer went away before it finished. */
export const WORKER_STOPPED_REASON = 'worker stopped during training';

export interface TrainingProcessorDeps {
  db: Db;
  redis: Redis;
  prefix: string;
  logger: Logger;
  modelDir: string;
  backend: BackendPreference;
  /** The promotion gate's margin (PROMOTION_MAX_MACRO_F1_DROP). */
  maxMacroF1Drop: number;
  /** Fewer examples than this for an intent and the run is refused (TRAINING_MIN_EXAMPLES_PER_INTENT). */
  minExamplesPerIntent: number;
  /** The base training data; read for every run, so edited files count without a restart. */
  loadBaseData: () => Promise<BaseTrainingData>;
  /** Upper bound on epochs (the model's default when absent). */
  epochs?: number;
  /** The run's row gets a progress report at most this often; the BullMQ job gets every epoch. */
  progressWriteIntervalMs?: number;
}

export type TrainingJobResult =
  { status: 'succeeded'; version: string; promoted: boolean; reason: string } | { status: 'cancelled' } | { status: 'already-finished'; runStatus: string };

/**
 * Runs one training job: base data + labelled turns -> stratified split -> train in a child
 * process (progress to the job and the run) -> score the new and the active model on the held-out
 * split -> register the version -> promote it when the gate passes, and announce it. A cancelled
 * run stores nothing; a failed run keeps the reason; the version is registered, the run marked
 * succeeded and (when the gate passes) the version promoted in one transaction, only once its
 * artefact is completely saved.
 */
export function createTrainingProcessor(deps: TrainingProcessorDeps) {
  return async function processTrainingJob(job: Job, _token?: string, shutdown?: AbortSignal): Promise<TrainingJobResult> {
    const parsed = TrainingJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`bad training job ${job.id}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    const runId = parsed.data.trainingRunId;
    const log = deps.logger.child({ trainingRunId: runId, jobId: job.id });

    if (!(await markTrainingRunRunning(deps.db, runId))) return handleRunNotQueued(deps, runId, log);
    log.info('training run started');
    const cancel = new AbortController();
    try {
      return await train(deps, job, runId, log, cancel, shutdown);
    } catch (error) {
      if (error instanceof TrainingAbortedError && cancel.signal.aborted) {
        await cancelTrainingRun(deps.db, runId);
        log.info('training run cancelled');
        return { status: 'cancelled' };
      }
      const reason = error instanceof TrainingAbortedError ? WORKER_STOPPED_REASON : error instanceof Error ? error.message : String(error);
      await failTrainingRun(deps.db, runId, reason);
      log.warn({ err: error }, 'training run failed');
      // The run's row holds the outcome; trying the same data again would fail the same way.
      throw new UnrecoverableError(reason);
    } finally {
      await clearTrainingCancelRequest(deps.redis, deps.prefix, runId);
    }
  };
}

/** The run was not queued: cancelled before it started, finished already, or left running by a trainer that died. */
async function handleRunNotQueued(deps: TrainingProcessorDeps, runId: string, log: Logger): Promise<TrainingJobResult> {
  const run = await getTrainingRun(deps.db, runId).catch((error: unknown) => {
    throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
  });
  if (run.status === 'running') {
    // Only a redelivery after the first trainer stopped (BullMQ's stalled-job check) gets here.
    await failTrainingRun(deps.db, runId, WORKER_STOPPED_REASON);
    log.warn('training run was interrupted by a stopped worker; marked failed');
    throw new UnrecoverableError(WORKER_STOPPED_REASON);
  }
  log.info({ runStatus: run.status }, 'training run is not queued; skipping it');
  return run.status === 'cancelled' ? { status: 'cancelled' } : { status: 'already-finished', runStatus: run.status };
}

async function train(
  deps: TrainingProcessorDeps,
  job: Job,
  runId: string,
  log: Logger,
  cancel: AbortController,
  shutdown: AbortSignal | undefined,
): Promise<TrainingJobResult> {
  const { split, summary } = buildTrainingSplit(await deps.loadBaseData(), await loadRetrainingExamples(deps.db));
  assertEnoughExamples(split, deps.minExamplesPerIntent);
  const active = await getActiveModelVersion(deps.db);
  log.info({ data: summary, activeVersion: active?.version ?? null }, 'training data ready');

  const progress = createProgressReporter(deps.db, job, runId, deps.progressWriteIntervalMs);
  const cancelRequested = () => isTrainingCancelRequested(deps.redis, deps.prefix, runId);
  const outcome = await trainInChildProcess(
    {
      split,
      seed: TRAINING_SEED,
      epochs: deps.epochs,
      backend: deps.backend,
      modelDir: deps.modelDir,
      activeModel: active && { version: active.version, artefactPath: active.artefactPath },
    },
    (epoch) => {
      progress.report(epoch);
      // Between epochs: the training process stops at its next mini-batch.
      cancelRequested().then(
        (requested) => requested && cancel.abort(),
        (err: unknown) => log.warn({ err }, 'could not check for a cancel request'),
      );
    },
    shutdown ? AbortSignal.any([cancel.signal, shutdown]) : cancel.signal,
  );
  await progress.flush();

  let registered = false;
  try {
    if (await cancelRequested()) {
      cancel.abort();
      throw new TrainingAbortedError('cancelled after training, before the model was registered');
    }
    const decision = decidePromotion(outcome.evaluation.macroF1, activeScore(outcome.active), deps.maxMacroF1Drop);
    await registerModelVersion(deps.db, {
      version: outcome.version,
      artefactPath: outcome.artefactPath,
      metrics: { ...outcome.modelMetrics, heldOut: headline(outcome.evaluation) },
      activate: decision.promote,
      trainingRun: {
        id: runId,
        metrics: {
          modelVersion: outcome.version,
          evaluation: outcome.evaluation,
          activeModel: outcome.active,
          promotion: decision,
          data: summary,
          trainingSeconds: outcome.trainingSeconds,
        },
      },
    });
    registered = true;
    if (decision.promote) {
      await publishPlatformEvent(deps.redis, deps.prefix, 'model.promoted', { version: outcome.version, artefactPath: outcome.artefactPath });
    }
    log.info({ modelVersion: outcome.version, promoted: decision.promote, reason: decision.reason, macroF1: outcome.evaluation.macroF1 }, 'training run succeeded');
    return { status: 'succeeded', version: outcome.version, promoted: decision.promote, reason: decision.reason };
  } catch (error) {
    // A model that was saved but never registered is nobody's: remove it so it cannot be mistaken for one.
    if (!registered) await rm(outcome.artefactPath, { recursive: true, force: true });
    throw error;
  }
}

function activeScore(active: TrainingOutcome['active']): ActiveModelScore | null {
  if (active === null) return null;
  return 'error' in active ? active : { version: active.version, macroF1: active.evaluation.macroF1 };
}

/** The figures a model version is listed with. */
function headline(evaluation: ModelEvaluation) {
  const { n, accuracy, macroF1, inScopeAccuracy, oosRecall } = evaluation;
  return { n, accuracy, macroF1, inScopeAccuracy, oosRecall };
}
