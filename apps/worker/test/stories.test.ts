import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_DIR } from '@chatbot/default-bot';
import { createPlatformFixture, type PlatformFixture } from './platform-fixture';
import { openStoryBot } from '../src/stories/story-bot';
import { readStories, parseStoryFile } from '../src/stories/story-file';
import { failureLines, formatStoryReport } from '../src/stories/story-report';
import { runStories, STORY_CHANNEL } from '../src/stories/story-runner';

let platform: PlatformFixture;
let bot: Awaited<ReturnType<typeof openStoryBot>>;

beforeAll(async () => {
  platform = await createPlatformFixture();
  bot = await openStoryBot(platform.db, { logger: platform.logger, backend: platform.config.MODEL_BACKEND, timeZone: platform.config.BOT_TIME_ZONE });
}, 180_000);

afterAll(async () => {
  bot?.dispose();
  await platform?.dispose();
});

describe('conversation stories (pnpm bot test)', () => {
  it('the default bot passes every story in data/default-bot/stories', async () => {
    const stories = await readStories(join(DEFAULT_BOT_DIR, 'stories'));
    const run = await runStories(bot, stories);
    const failed = run.stories.filter((story) => !story.passed);
    const report = failed.map((story) => [`${story.file}: ${story.name}`, ...failureLines(story)].join('\n')).join('\n');
    if (process.env.STORIES_REPORT) console.log(formatStoryReport(run));
    expect(failed.length, `failed stories:\n${report}`).toBe(0);
    // Each story talked in a conversation of its own, deleted afterwards.
    expect(await platform.db.conversation.count({ where: { channel: STORY_CHANNEL } })).toBe(0);
  }, 60_000);

  it('reports a story the bot does not follow: the step, what was expected and what happened', async () => {
    const [story] = parseStoryFile(
      'stories:\n  - name: wrong on purpose\n    language: en\n    steps:\n      - user: where is my order?\n        reply: { asks: order_id }\n      - user: "48213"\n        form: order_status\n        slots: { order_id: "99999" }\n      - user: thanks\n',
      'wrong.yaml',
    );
    const run = await runStories(bot, [story!]);
    expect(run).toMatchObject({ passed: 0, failed: 1 });
    const [result] = run.stories;
    expect(result).toMatchObject({
      passed: false,
      notRun: 1,
      steps: [
        { step: 1, passed: true },
        { step: 2, passed: false },
      ],
    });
    expect(result!.steps[1]!.problems).toEqual(['slots.order_id: expected "99999", got "48213"', 'form: expected order_status, got none']);
    expect(result!.steps[1]!.observed).toMatchObject({ events: expect.arrayContaining([expect.objectContaining({ type: 'form_completed' })]) });
    expect(formatStoryReport(run)).toContain('step 2 of 3, user: "48213"');
  }, 30_000);
});
