import { redisKey } from './redis';

/**
 * Queue names and job ids shared by adapters, workers and the API.
 * BullMQ refuses custom job ids containing ':' (except its own 3-part form), so
 * native ids are URI-encoded, which turns ':' into '%3A'.
 */
export const INBOUND_QUEUE = 'inbound';
export const TRAINING_QUEUE = 'training';
/** End users' ratings of replies (see reply-feedback.ts). */
export const FEEDBACK_QUEUE = 'feedback';
/** Scheduled housekeeping jobs run by any worker (data retention). */
export const MAINTENANCE_QUEUE = 'maintenance';

/**
 * Redis set of training run ids whose cancellation was requested while running: the API adds,
 * the training worker checks between epochs.
 */
export function trainingCancelSetKey(prefix: string): string {
  return redisKey(prefix, 'training', 'cancel');
}

export function outboundQueueName(channel: string): string {
  return `outbound.${channel}`;
}

/** Every queue of the platform with these channels' outbound queues (for queue dashboards and metrics). */
export function platformQueueNames(channels: readonly string[]): string[] {
  return [INBOUND_QUEUE, FEEDBACK_QUEUE, TRAINING_QUEUE, MAINTENANCE_QUEUE, ...channels.map(outboundQueueName)];
}

export function inboundJobId(channel: string, nativeMessageId: string): string {
  return `${channel}.${encodeURIComponent(nativeMessageId)}`;
}

export function outboundJobId(inboundJobIdValue: string): string {
  return `reply.${inboundJobIdValue}`;
}
