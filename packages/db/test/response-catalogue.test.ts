import { describe, expect, it } from 'vitest';
import type { IntentCatalogue } from '@chatbot/core';
import { loadResponseCatalogue, seedIntentCatalogue } from '../src/index';
import { useIsolatedDatabase } from './support/use-isolated-database';

const database = useIsolatedDatabase();

const shippedCatalogue: IntentCatalogue = [
  { name: 'greeting', description: 'Hello', responses: { en: ['Hi!', 'Hello!'], zh: ['你好！'] } },
  { name: 'order_status', responses: { en: ['Your order is on its way.'], zh: ['您的订单正在路上。'] } },
];

describe('the response catalogue', () => {
  it('is seeded from the shipped files and loads with every language in order', async () => {
    expect(await seedIntentCatalogue(database.db, shippedCatalogue)).toEqual({ created: 2 });
    const catalogue = await loadResponseCatalogue(database.db);
    expect(Object.fromEntries(catalogue)).toEqual({
      greeting: { en: ['Hi!', 'Hello!'], zh: ['你好！'] },
      order_status: { en: ['Your order is on its way.'], zh: ['您的订单正在路上。'] },
    });
  });

  it('seeding again never overwrites what admins changed, and adds only new intents', async () => {
    const greeting = await database.db.intent.findUniqueOrThrow({ where: { name: 'greeting' } });
    await database.db.response.deleteMany({ where: { intentId: greeting.id, language: 'en' } });
    await database.db.response.create({ data: { intentId: greeting.id, language: 'en', text: 'Welcome back!', position: 0 } });
    await database.db.intent.update({ where: { id: greeting.id }, data: { description: 'edited by an admin' } });

    const next = [...shippedCatalogue, { name: 'goodbye', responses: { en: ['Bye!'], zh: ['再见！'] } }];
    expect(await seedIntentCatalogue(database.db, next)).toEqual({ created: 1 });

    const catalogue = await loadResponseCatalogue(database.db);
    expect(catalogue.get('greeting')).toEqual({ en: ['Welcome back!'], zh: ['你好！'] });
    expect(catalogue.get('goodbye')).toEqual({ en: ['Bye!'], zh: ['再见！'] });
    expect((await database.db.intent.findUniqueOrThrow({ where: { name: 'greeting' } })).description).toBe('edited by an admin');
  });

  it('creates each intent once when several processes seed at the same moment', async () => {
    const catalogue = [{ name: 'thanks', responses: { en: ['You are welcome.'], zh: ['不客气。'] } }];
    const results = await Promise.all([1, 2, 3].map(() => seedIntentCatalogue(database.db, catalogue)));
    expect(results.map((result) => result.created).sort()).toEqual([0, 0, 1]);
    expect((await loadResponseCatalogue(database.db)).get('thanks')).toEqual({ en: ['You are welcome.'], zh: ['不客气。'] });
  });

  it('refuses a malformed catalogue with a clear error', async () => {
    await expect(seedIntentCatalogue(database.db, [{ name: '', responses: { en: [], zh: [] } }])).rejects.toThrow(/name/);
    const duplicate = { name: 'dup', responses: { en: ['a'], zh: ['b'] } };
    await expect(seedIntentCatalogue(database.db, [duplicate, duplicate])).rejects.toThrow('intent names must be unique');
    // @ts-expect-error a missing language is what this test is about
    await expect(seedIntentCatalogue(database.db, [{ name: 'no_zh', responses: { en: ['a'] } }])).rejects.toThrow(/zh/);
  });
});
