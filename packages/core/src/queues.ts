/**
 * Queue names and job ids shared by adapters, workers and the API.
 * BullMQ refuses custom job ids containing ':' (except its own 3-part form), so
 * native ids are URI-encoded, which turns ':' into '%3A'.
 */
export const INBOUND_QUEUE = 'inbound';
export const TRAINING_QUEUE = 'training';

export function outboundQueueName(channel: string): string {
  return `outbound.${channel}`;
}

export function inboundJobId(channel: string, nativeMessageId: string): string {
  return `${channel}.${encodeURIComponent(nativeMessageId)}`;
}

export function outboundJobId(inboundJobIdValue: string): string {
  return `reply.${inboundJobIdValue}`;
}
