/**
 * A publisher process that dies at the worst moment: it has claimed the message (the dedupe marker
 * is set) but its job is not in Redis yet. It prints "claimed" and waits there to be SIGKILLed.
 * argv: redis URL, key prefix, the draft as JSON.
 */
import { Queue } from 'bullmq';
import { InboundPublisher, createRedis } from '../../src/index';

const [url, prefix, draft] = process.argv.slice(2) as [string, string, string];
Queue.prototype.add = () => {
  console.log('claimed');
  return new Promise(() => undefined);
};
await new InboundPublisher(createRedis(url), prefix).publish(JSON.parse(draft));
