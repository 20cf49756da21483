import { loadResponseCatalogue, type Db } from '@chatbot/db';
import type { Logger } from '@chatbot/core';
import type { ReplyCatalogue } from './reply-chooser';

/**
 * The reply catalogue, read from the database and refreshed periodically so that an admin's
 * edit reaches running workers without a restart. A failed refresh keeps the last good copy.
 */
export class CatalogueCache {
  private catalogue: ReplyCatalogue = new Map();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly refreshMs = 15_000,
  ) {}

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch((err: unknown) => this.logger.warn({ err }, 'reply catalogue refresh failed; keeping the last one'));
    }, this.refreshMs);
    this.timer.unref();
  }

  async refresh(): Promise<void> {
    this.catalogue = await loadResponseCatalogue(this.db);
  }

  get current(): ReplyCatalogue {
    return this.catalogue;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
