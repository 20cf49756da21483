import type { AdapterContext, ChannelAdapter } from '@chatbot/core';

/** Wraps an adapter so that its first `count` publishes fail with ioredis's error for a lost connection. */
export function failingFirstPublishes(adapter: ChannelAdapter, count: number): ChannelAdapter {
  let failuresLeft = count;
  return {
    channel: adapter.channel,
    start: (context: AdapterContext) =>
      adapter.start({
        ...context,
        publish: async (draft) => {
          if (failuresLeft > 0) {
            failuresLeft -= 1;
            throw new Error('Connection is closed.');
          }
          return context.publish(draft);
        },
      }),
    deliver: (message) => adapter.deliver(message),
    stop: () => adapter.stop(),
  };
}
