import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBotData } from './default-bot';

describe('readBotData', () => {
  it('reads the shipped bot: its reply catalogue (with the platform replies) and its examples', async () => {
    const bot = await readBotData();
    const intents = bot.catalogue.map((intent) => intent.name);
    expect(intents).toEqual(expect.arrayContaining(['fallback', 'handoff', 'order_status']));
    expect(bot.train.length).toBeGreaterThan(1000);
    expect(bot.outOfScope.length).toBeGreaterThan(100);
  });

  it('names the file and what is wrong when intents.json is malformed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bot-'));
    try {
      await writeFile(join(dir, 'intents.json'), JSON.stringify([{ name: 'greet', responses: { en: ['Hi!'] } }]));
      await expect(readBotData(dir)).rejects.toThrow(/intents\.json: .*zh/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
