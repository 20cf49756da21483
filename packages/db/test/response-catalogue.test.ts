import { describe, expect, it } from 'vitest';
import type { IntentCatalogue } from '@chatbot/core';
import { listIntentOptions, loadResponseCatalogue, seedIntentCatalogue, updateIntent } from '../src/index';
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

  it("seeds an intent's buttons and action with it, and never overwrites an admin's edit of them", async () => {
    const hello = [{ type: 'reply' as const, label: 'Where is my order?' }];
    const shipped: IntentCatalogue = [
      { name: 'welcome', responses: { en: ['Hi!'], zh: ['你好！'] }, buttons: { en: hello, zh: [{ type: 'reply', label: '我的订单到哪了？' }] } },
      { name: 'track', responses: { en: ['On its way.'], zh: ['在路上。'] }, action: 'order_lookup' },
      { name: 'plain', responses: { en: ['OK.'], zh: ['好的。'] }, buttons: { en: [] } },
    ];
    expect(await seedIntentCatalogue(database.db, shipped)).toEqual({ created: 3 });
    const seeded = async () => new Map((await listIntentOptions(database.db)).map(({ name, ...options }) => [name, options]));
    expect((await seeded()).get('welcome')).toEqual({ buttons: { en: hello, zh: [{ type: 'reply', label: '我的订单到哪了？' }] }, action: null });
    expect((await seeded()).get('track')).toEqual({ buttons: null, action: 'order_lookup' });
    // No buttons in any language is stored as none.
    expect((await seeded()).get('plain')).toEqual({ buttons: null, action: null });

    await updateIntent(database.db, 'welcome', { buttons: { en: [{ type: 'link', label: 'Our shop', url: 'https://shop.example/' }] } });
    await updateIntent(database.db, 'track', { action: null });
    expect(await seedIntentCatalogue(database.db, shipped)).toEqual({ created: 0 });
    expect((await seeded()).get('welcome')).toEqual({ buttons: { en: [{ type: 'link', label: 'Our shop', url: 'https://shop.example/' }], zh: [] }, action: null });
    expect((await seeded()).get('track')).toEqual({ buttons: null, action: null });
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
    const texts = { en: ['a'], zh: ['b'] };
    const link = { type: 'link' as const, label: 'Open', url: 'javascript:alert(1)' };
    await expect(seedIntentCatalogue(database.db, [{ name: 'bad_link', responses: texts, buttons: { en: [link] } }])).rejects.toThrow(/http or https/);
    const six = Array.from({ length: 6 }, (_, index) => ({ type: 'reply' as const, label: `Choice ${index}` }));
    await expect(seedIntentCatalogue(database.db, [{ name: 'too_many', responses: texts, buttons: { en: six } }])).rejects.toThrow('at most 5 buttons per language');
    await expect(seedIntentCatalogue(database.db, [{ name: 'bad_action', responses: texts, action: 'Order Lookup' }])).rejects.toThrow(/lowercase letter/);
  });
});
