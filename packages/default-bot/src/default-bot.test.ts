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

  it('reads its forms (checked as the admin API checks them) and its custom entities', async () => {
    const bot = await readBotData();
    expect(bot.forms.map((form) => form.intent).sort()).toEqual(['cancel_order', 'change_address', 'order_status', 'return_refund']);
    expect(bot.forms.every((form) => form.slots[0]?.entity === 'order_id')).toBe(true);
    expect(bot.customEntities).toEqual([expect.objectContaining({ name: 'order_id', kind: 'regex' })]);
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

  it('names the file and the form when a form refers to an entity type that does not exist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bot-'));
    try {
      await writeFile(join(dir, 'intents.json'), JSON.stringify([{ name: 'track', responses: { en: ['Tracking.'], zh: ['查询中。'] } }]));
      const slot = { name: 'order_id', entity: 'order_number', prompt: { en: 'Which order?', zh: '哪个订单？' } };
      await writeFile(join(dir, 'forms.json'), JSON.stringify([{ intent: 'track', slots: [slot], done: { en: 'Done {order_id}.', zh: '好的 {order_id}。' } }]));
      await expect(readBotData(dir)).rejects.toThrow(/forms\.json: form 1: .*order_number/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
