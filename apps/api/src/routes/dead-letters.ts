import type { Job, Queue } from 'bullmq';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { defineRoute, type AnyAdminRoute } from '../admin/admin-route';
import { ApiError } from '../admin/api-error';
import { queryInteger } from '../admin/query-params';

const QueueParams = z.strictObject({ queue: z.string().min(1).max(100) });
const JobParams = QueueParams.extend({ jobId: z.string().min(1).max(500) });

/** What an admin needs to judge a dead letter: where it was going, what it said, why it failed. */
function deadLetterOf(queue: string, job: Job) {
  // An action job carries its message as `message`; the others are the message (or rating) itself.
  const payload = (job.data ?? {}) as Record<string, unknown>;
  const data = (typeof payload.message === 'object' && payload.message !== null ? payload.message : payload) as Record<string, unknown>;
  return {
    queue,
    jobId: job.id!,
    conversationKey: typeof data.conversationKey === 'string' ? data.conversationKey : null,
    text: typeof data.text === 'string' ? data.text : null,
    failedReason: job.failedReason ?? null,
    attemptsMade: job.attemptsMade,
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}

/**
 * Dead letters: jobs of the message, rating and reply queues that failed for good (a bug, a poison
 * message; outages do not fail jobs). An admin reads them with their error and re-drives one or all of
 * a queue's (they go back to waiting with fresh attempts); each re-drive is in the audit log. The same
 * jobs are in the queue board (/admin/queues), which can retry them too.
 */
export function deadLetterRoutes(deps: AdminDeps): AnyAdminRoute[] {
  const queueOf = (name: string): Queue => {
    const queue = deps.queues.deadLetterQueues.get(name);
    if (!queue) throw new ApiError(404, `no dead-letter queue ${name}; the queues are ${[...deps.queues.deadLetterQueues.keys()].join(', ')}`);
    return queue;
  };
  return [
    defineRoute({
      method: 'GET',
      path: '/dead-letters',
      summary: 'Jobs that failed for good (messages, ratings, replies), newest first, with their error',
      query: z.strictObject({ queue: z.string().min(1).max(100).optional(), limit: queryInteger(1, 500).default(100) }),
      handler: async ({ query }) => {
        const names = query.queue ? [query.queue] : [...deps.queues.deadLetterQueues.keys()];
        const perQueue = await Promise.all(names.map(async (name) => (await queueOf(name).getFailed(0, query.limit - 1)).map((job) => deadLetterOf(name, job))));
        const items = perQueue.flat().sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? ''));
        return { items: items.slice(0, query.limit) };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/dead-letters/:queue/:jobId/retry',
      summary: 'Re-drive one dead letter: it goes back to waiting with fresh attempts',
      params: JobParams,
      handler: async ({ params, audit }) => {
        const job = await queueOf(params.queue).getJob(params.jobId);
        if (!job || !(await job.isFailed())) throw new ApiError(404, `no failed job ${params.jobId} in ${params.queue}`);
        await job.retry('failed');
        await audit('dead-letter.retry', `${params.queue}/${params.jobId}`);
        return { queue: params.queue, jobId: params.jobId, state: await job.getState() };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/dead-letters/:queue/retry',
      summary: 'Re-drive every dead letter of a queue',
      params: QueueParams,
      handler: async ({ params, audit }) => {
        const queue = queueOf(params.queue);
        const count = await queue.getFailedCount();
        await queue.retryJobs({ state: 'failed' });
        await audit('dead-letter.retry-all', params.queue, { count });
        return { queue: params.queue, retried: count };
      },
    }),
  ];
}
