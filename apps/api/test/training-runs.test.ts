import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainingCancelSetKey, TRAINING_QUEUE } from '@chatbot/core';
import { markTrainingRunRunning } from '@chatbot/db';
import { useAdminApi } from './support/admin-api-harness';
import { storeMessage } from './support/conversation-fixtures';

const api = useAdminApi();
let trainingQueue: Queue;
beforeAll(() => {
  trainingQueue = new Queue(TRAINING_QUEUE, { connection: api.redis, prefix: api.prefix });
});
afterAll(() => trainingQueue.close());

/** Stores `count` different user messages and labels them all with `intent` (created on the fly). */
async function labelNewMessages(intent: string, count: number): Promise<void> {
  const labels = [];
  for (let i = 0; i < count; i++) {
    const { inboundTurn } = await storeMessage(api.db, { text: `can you wrap present ${randomUUID().slice(0, 8)}`, intent: null });
    labels.push({ turnId: inboundTurn.id, intent });
  }
  expect((await api.call('POST', '/api/v1/labels/bulk', { body: { labels, createIntent: true } })).status).toBe(201);
}

describe('POST /api/v1/training-runs', () => {
  it('refuses with 422 and the reason, before creating a run or a job, when an intent has too few examples', async () => {
    await labelNewMessages('gift_wrap', 4);
    const response = await api.call('POST', '/api/v1/training-runs');
    expect(response.status).toBe(422);
    expect(response.json.error.message).toContain('"gift_wrap" has 4');
    expect(response.json.error.message).toContain('at least 5');
    expect(await api.db.trainingRun.count()).toBe(0);
    expect(await trainingQueue.count()).toBe(0);
  });

  it('creates a queued run and exactly one job whose id is the run id', async () => {
    await labelNewMessages('gift_wrap', 1); // the fifth example
    const response = await api.call('POST', '/api/v1/training-runs');
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ status: 'queued', requestedBy: 'admin-token' });

    const jobs = await trainingQueue.getJobs(['waiting', 'delayed', 'prioritized', 'active']);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.id).toBe(response.json.id);
    expect(jobs[0]!.data).toEqual({ trainingRunId: response.json.id });
    expect(await api.db.auditLog.findFirst({ where: { action: 'training-run.create' } })).toMatchObject({ target: response.json.id });
  });

  it('lists runs and shows one with its progress', async () => {
    const [run] = (await api.call('GET', '/api/v1/training-runs')).json.items;
    await markTrainingRunRunning(api.db, run.id);
    await api.db.trainingRun.update({ where: { id: run.id }, data: { progress: { epoch: 3, epochs: 10, loss: 0.42, accuracy: 0.88 } } });
    const detail = await api.call('GET', `/api/v1/training-runs/${run.id}`);
    expect(detail.json).toMatchObject({ id: run.id, status: 'running', progress: { epoch: 3, epochs: 10, loss: 0.42, accuracy: 0.88 } });
    expect((await api.call('GET', '/api/v1/training-runs?status=running')).json.items.map((r: { id: string }) => r.id)).toEqual([run.id]);
    expect((await api.call('GET', '/api/v1/training-runs/0197a000-0000-7000-8000-000000000000')).status).toBe(404);
  });
});

describe('POST /api/v1/training-runs/:id/cancel', () => {
  it('cancels a queued run at once and removes its job', async () => {
    const { json: run } = await api.call('POST', '/api/v1/training-runs');
    const response = await api.call('POST', `/api/v1/training-runs/${run.id}/cancel`);
    expect(response.json).toMatchObject({ cancellation: 'done', run: { id: run.id, status: 'cancelled' } });
    expect(await trainingQueue.getJob(run.id)).toBeUndefined();
  });

  it('asks the trainer to stop a running run through the cancel set', async () => {
    const { json: run } = await api.call('POST', '/api/v1/training-runs');
    await markTrainingRunRunning(api.db, run.id);
    const response = await api.call('POST', `/api/v1/training-runs/${run.id}/cancel`);
    expect(response.json).toMatchObject({ cancellation: 'requested', run: { status: 'running' } });
    expect(await api.redis.sismember(trainingCancelSetKey(api.prefix), run.id)).toBe(1);
  });

  it('is 409 for a run that has finished', async () => {
    const { json: run } = await api.call('POST', '/api/v1/training-runs');
    await api.call('POST', `/api/v1/training-runs/${run.id}/cancel`);
    const again = await api.call('POST', `/api/v1/training-runs/${run.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.json.error.message).toContain('cancelled already');
  });
});

describe('the minimum number of examples', () => {
  const strict = useAdminApi({ training: { minExamplesPerIntent: 100 } });

  it('is configurable', async () => {
    const response = await strict.call('POST', '/api/v1/training-runs');
    expect(response.status).toBe(422);
    expect(response.json.error.message).toMatch(/at least 100 examples, but "\w+" has \d+/);
  });
});
