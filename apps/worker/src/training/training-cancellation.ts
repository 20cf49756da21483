import { trainingCancelSetKey, type Redis } from '@chatbot/core';

/** The API asks to cancel a running run through core's trainingCancelSetKey set; the trainer looks between epochs. */

export async function isTrainingCancelRequested(redis: Redis, prefix: string, runId: string): Promise<boolean> {
  return (await redis.sismember(trainingCancelSetKey(prefix), runId)) === 1;
}

/** Forgets a cancel request once the run has finished one way or another. */
export async function clearTrainingCancelRequest(redis: Redis, prefix: string, runId: string): Promise<void> {
  await redis.srem(trainingCancelSetKey(prefix), runId);
}
