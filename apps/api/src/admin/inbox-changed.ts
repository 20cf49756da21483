import { publishPlatformEvent, type InboxChange } from '@chatbot/core';
import type { AdminDeps } from './admin-deps';

/** Tells every API process's dashboards (GET /inbox/events) that a conversation people handle changed, so they re-read the inbox. */
export function announceInboxChange(deps: Pick<AdminDeps, 'redis' | 'prefix'>, conversationId: string, change: InboxChange): Promise<unknown> {
  return publishPlatformEvent(deps.redis, deps.prefix, 'inbox.changed', { conversationId, change });
}
