import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopBackend } from '@chatbot/example-shop-backend';
import { bootstrapDefaultBot } from '../src/bootstrap';
import { openStoryBot } from '../src/stories/story-bot';
import { readStories } from '../src/stories/story-file';
import { failureLines } from '../src/stories/story-report';
import { runStories } from '../src/stories/story-runner';
import { createPlatformFixture, type PlatformFixture } from './platform-fixture';

const SHOP_STORIES = fileURLToPath(new URL('../../../examples/shop-backend/stories', import.meta.url));
let platform: PlatformFixture;
let shop: Awaited<ReturnType<typeof startShopBackend>>;
let bot: Awaited<ReturnType<typeof openStoryBot>>;

beforeAll(async () => {
  platform = await createPlatformFixture();
  shop = await startShopBackend({ secret: 'story-shop-secret-0123456789' });
  // As pnpm start sets the default bot up: its actions call the example shop backend.
  await bootstrapDefaultBot(platform.db, platform.config, platform.logger, undefined, { shopBackend: { url: shop.url, secret: 'story-shop-secret-0123456789' } });
  bot = await openStoryBot(platform.db, { logger: platform.logger, backend: platform.config.MODEL_BACKEND, timeZone: platform.config.BOT_TIME_ZONE });
}, 180_000);

afterAll(async () => {
  bot?.dispose();
  await shop?.close();
  await platform?.dispose();
});

describe('the default bot with the example shop backend (stories)', () => {
  it('answers order status, cancellation and returns from the shop, in English and Chinese', async () => {
    const run = await runStories(bot, await readStories(SHOP_STORIES));
    const failed = run.stories.filter((story) => !story.passed);
    const report = failed.map((story) => [`${story.file}: ${story.name}`, ...failureLines(story)].join('\n')).join('\n');
    expect(failed.length, `failed stories:\n${report}`).toBe(0);
    expect(run.passed).toBeGreaterThanOrEqual(5);
  }, 60_000);
});
