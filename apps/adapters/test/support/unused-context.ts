import { createLogger, type AdapterContext } from '@chatbot/core';

/** An AdapterContext for an adapter that is started but must never queue anything. */
export function unusedContext(name: string): AdapterContext {
  return {
    logger: createLogger(name, 'silent'),
    publish: () => Promise.reject(new Error('must not publish')),
    sendFeedback: () => Promise.reject(new Error('must not send feedback')),
  };
}
