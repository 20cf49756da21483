import type { Db } from '@chatbot/db';
import type { Logger } from '@chatbot/core';
import { loadBotCatalogue, repliesOnly, type BotCatalogue } from './bot-catalogue';

/**
 * The bot's catalogue (replies, forms, custom entities), read from the database and refreshed
 * periodically and on `catalogue.changed`, so that an admin's edit reaches running workers without a
 * restart. A failed refresh keeps the last good copy.
 */
export class CatalogueCache {
  private catalogue: BotCatalogue = repliesOnly(new Map());
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly refreshMs = 15_000,
  ) {}

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch((err: unknown) => this.logger.warn({ err }, 'bot catalogue refresh failed; keeping the last one'));
    }, this.refreshMs);
    this.timer.unref();
  }

  async refresh(): Promise<void> {
    this.catalogue = await loadBotCatalogue(this.db, this.logger, this.catalogue);
  }

  get current(): BotCatalogue {
    return this.catalogue;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
