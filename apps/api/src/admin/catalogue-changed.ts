import { publishPlatformEvent } from '@chatbot/core';
import type { AdminDeps } from './admin-deps';

/** Tells every worker that the catalogue (intents, replies, forms, custom entities, actions) changed, so they reload it now. */
export function announceCatalogueChange(deps: Pick<AdminDeps, 'redis' | 'prefix'>, reason: string): Promise<unknown> {
  return publishPlatformEvent(deps.redis, deps.prefix, 'catalogue.changed', { reason });
}
