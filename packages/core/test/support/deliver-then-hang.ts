/**
 * An adapters process that dies in the middle of delivering a reply: its outbound consumer takes the
 * job, prints "delivering" and never finishes, waiting there to be SIGKILLed.
 * argv: redis URL, key prefix, channel.
 */
import { createLogger, createRedis, startOutboundConsumer } from '../../src/index';

const [url, prefix, channel] = process.argv.slice(2) as [string, string, string];
startOutboundConsumer({
  channel,
  redis: createRedis(url),
  prefix,
  // Silent: the first line on stdout is the signal.
  logger: createLogger('deliver-then-hang', 'silent'),
  deliver: () => {
    console.log('delivering');
    return new Promise(() => undefined);
  },
});
