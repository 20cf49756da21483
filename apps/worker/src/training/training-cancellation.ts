import { redisKey, type Redis } from '@chatbot/core';

/**
 * The API cancels a running run by adding its id (= its job id) to this Redis set; the trainer
 * looks between epochs. (A queued run is cancelled in the database and its job removed instead.)
 */
export function trainingCancelSetKey(prefix: string): string {
  return redisKey(prefix, 'training', 'cancel');
}

export async function isTrainingCancelRequested(redis: Redis, prefix: string, runId: string): Promise<boolean> {
  return (await redis.sismember(trainingCancelSetKey(prefix), runId)) === 1;
}

/** Forgets a cancel request once the run has finished one way or another. */
export async function clearTrainingCancelRequest(redis: Redis, prefix: string, runId: string): Promise<void> {
  await redis.srem(trainingCancelSetKey(prefix), runId);
}
