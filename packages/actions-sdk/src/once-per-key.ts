import type { ActionResponse } from './contract';
import type { ActionHandler } from './server';

/**
 * Wraps an action that changes something (cancels an order) so that a request repeated with the same
 * idempotency key (the platform retrying after a timeout, or a crash after the call) gets the first
 * answer again instead of doing the change twice. Keeps the last `limit` keys in memory; a backend with
 * several processes would keep them in its database instead.
 */
export function oncePerKey(handler: ActionHandler, limit = 10_000): ActionHandler {
  const answers = new Map<string, Promise<ActionResponse>>();
  return (request) => {
    const key = `${request.action}\u0000${request.idempotencyKey}`;
    const known = answers.get(key);
    if (known) return known;
    const answer = Promise.resolve().then(() => handler(request));
    answers.set(key, answer);
    // A failed attempt may be tried again; only answers are remembered.
    answer.catch(() => answers.delete(key));
    if (answers.size > limit) answers.delete(answers.keys().next().value as string);
    return answer;
  };
}
