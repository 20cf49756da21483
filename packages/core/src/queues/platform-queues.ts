import { ACTIONS_QUEUE } from './actions';
import { FEEDBACK_QUEUE } from './feedback';
import { INBOUND_QUEUE } from './inbound';
import { MAINTENANCE_QUEUE } from './maintenance';
import { outboundQueueName } from './outbound';
import { TRAINING_QUEUE } from './training';

/** Every queue of the platform with these channels' outbound queues (for queue dashboards and metrics). */
export function platformQueueNames(channels: readonly string[]): string[] {
  return [INBOUND_QUEUE, ACTIONS_QUEUE, FEEDBACK_QUEUE, TRAINING_QUEUE, MAINTENANCE_QUEUE, ...channels.map(outboundQueueName)];
}
