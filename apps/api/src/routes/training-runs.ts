import { trainingCancelSetKey } from '@chatbot/core';
import { cancelTrainingRun, createTrainingRun, failTrainingRun, getTrainingRun, listTrainingRuns } from '@chatbot/db';
import type { Job } from 'bullmq';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { defineRoute, type AnyAdminRoute } from '../admin/admin-route';
import { ApiError } from '../admin/api-error';
import { queryInteger } from '../admin/query-params';
import { findIntentShortfalls } from './training-data-check';

const RunParams = z.strictObject({ id: z.string().min(1) });
/** Job states in which a training job has not started yet and can simply be removed. */
const NOT_STARTED = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

/** Retraining: start a run (a job on the training queue), watch it, cancel it. */
export function trainingRunRoutes(deps: AdminDeps): AnyAdminRoute[] {
  /** Where a running job's trainer looks, between epochs, for a request to stop. */
  const cancelSetKey = trainingCancelSetKey(deps.prefix);

  return [
    defineRoute({
      method: 'POST',
      path: '/training-runs',
      summary: 'Start a training run on the base data plus every labelled message; refused (422) when an intent has too few examples',
      status: 201,
      handler: async ({ principal, audit }) => {
        const shortfalls = await findIntentShortfalls(deps.db, deps.training);
        if (shortfalls.length > 0) {
          const list = shortfalls.map(({ intent, examples }) => `"${intent}" has ${examples}`).join(', ');
          const minimum = deps.training.minExamplesPerIntent;
          throw new ApiError(422, `too little training data: every intent needs at least ${minimum} examples, but ${list}; label more messages like them`);
        }
        const run = await createTrainingRun(deps.db, { requestedBy: principal.actor });
        try {
          await deps.queues.training.publish({ trainingRunId: run.id });
        } catch (error) {
          await failTrainingRun(deps.db, run.id, `could not be queued: ${(error as Error).message}`);
          throw error;
        }
        await audit('training-run.create', run.id);
        return run;
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/training-runs',
      summary: 'Training runs, newest first',
      query: z.strictObject({
        status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']).optional(),
        limit: queryInteger(1, 200).default(50),
      }),
      handler: async ({ query }) => ({ items: await listTrainingRuns(deps.db, query) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/training-runs/:id',
      summary: 'One run: status, live progress (epoch, loss, accuracy) and, once finished, its evaluation',
      params: RunParams,
      handler: ({ params }) => getTrainingRun(deps.db, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: '/training-runs/:id/cancel',
      summary: 'Cancel a run: a queued one at once, a running one at its next epoch',
      params: RunParams,
      handler: async ({ params, audit }) => {
        const run = await getTrainingRun(deps.db, params.id);
        if (run.status !== 'queued' && run.status !== 'running') throw new ApiError(409, `training run ${run.id} has ${run.status} already`);
        const job = run.status === 'queued' ? await deps.queues.training.jobOf(run.id) : undefined;
        if (run.status === 'queued' && (await removeIfNotStarted(job)) && (await cancelTrainingRun(deps.db, run.id))) {
          await audit('training-run.cancel', run.id, { was: 'queued' });
          return { run: await getTrainingRun(deps.db, run.id), cancellation: 'done' };
        }
        // Running (or started just now): the trainer stops between epochs and marks the run cancelled.
        await deps.redis.sadd(cancelSetKey, run.id);
        await audit('training-run.cancel', run.id, { was: 'running' });
        return { run: await getTrainingRun(deps.db, run.id), cancellation: 'requested' };
      },
    }),
  ];
}

/** True when the job is gone or was removed before a trainer took it; false once it runs. */
async function removeIfNotStarted(job: Job | undefined): Promise<boolean> {
  if (!job) return true;
  if (!NOT_STARTED.has(await job.getState())) return false;
  try {
    await job.remove();
    return true;
  } catch {
    return false; // a trainer locked it between the two calls
  }
}
