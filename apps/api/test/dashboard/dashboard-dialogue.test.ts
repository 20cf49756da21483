import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { listForms } from '@chatbot/db';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, useAdminApi } from '../support/admin-api-harness';
import { storeMessage } from '../support/conversation-fixtures';
import { launchChromium, logIn, newDashboardPage, openTab, screenshot } from './browser';

/**
 * The dialogue parts of the dashboard in a real Chromium: what a conversation collected (entities
 * under each user message, its slots and active form), entities in the review queue, editing an
 * intent's form (refused with the server's reasons, then saved), custom entities and "Try it".
 */
const api = useAdminApi();
let baseUrl: string;
let browser: Browser;
let conversationId: string;

const orderEntity = (start: number) => ({ type: 'order_id', value: '48213', text: '48213', start, end: start + 5, extractor: 'regex' as const });

beforeAll(async () => {
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  expect((await api.call('POST', '/api/v1/intents', { body: { name: 'cancel_order' } })).status).toBe(201);
  expect((await api.call('PUT', '/api/v1/entities/order_id', { body: { kind: 'regex', pattern: '\\b\\d{5,10}\\b' } })).status).toBe(200);

  const first = await storeMessage(api.db, {
    userId: 'ann',
    text: 'please cancel my order',
    intent: 'cancel_order',
    entities: [],
    dialogueEvents: [{ type: 'form_started', intent: 'cancel_order' }],
    dialogueState: { slots: {}, form: { intent: 'cancel_order', asking: 'order_id', retries: 0, confirming: false }, paused: [] },
    reply: 'Which order would you like to cancel?',
  });
  conversationId = first.conversation.id;
  const turnId = randomUUID();
  await storeMessage(api.db, {
    userId: 'ann',
    id: turnId,
    text: 'it is 48213',
    intent: 'cancel_order',
    entities: [orderEntity(6)],
    dialogueEvents: [{ type: 'slot_filled', intent: 'cancel_order', slot: 'order_id', value: '48213' }],
    dialogueState: {
      slots: { order_id: { value: '48213', text: '48213', turnId, setAt: new Date().toISOString() } },
      form: { intent: 'cancel_order', asking: null, retries: 0, confirming: true },
      paused: [],
    },
    reply: 'Cancel order 48213?',
  });
  await storeMessage(api.db, { userId: 'bob', text: 'parcel 48213 never came', intent: null, entities: [orderEntity(7)] });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const notice = (page: Page) => page.locator('#notice').textContent();

describe('the dialogue parts of the dashboard in Chromium', () => {
  it('shows what a conversation collected, and entities in the review queue', async () => {
    const { page, pageErrors } = await newDashboardPage(browser);
    await logIn(page, baseUrl, ADMIN_TOKEN);
    await page.click(`#conversation-list tr[data-conversation-id="${conversationId}"]`);
    await expect.poll(() => page.locator('#conversation-detail .turn').count()).toBe(4);

    const userTurns = page.locator('#conversation-detail .turn-user');
    expect(await userTurns.nth(0).locator('.entity').count()).toBe(0);
    expect(await userTurns.nth(1).locator('.entity').allTextContents()).toEqual(['order_id = 48213']);
    expect(await userTurns.nth(1).locator('.dialogue-events').textContent()).toBe('Dialogue: slot_filled order_id');
    expect(await page.locator('#collected-slots tr[data-slot="order_id"] td').allTextContents()).toEqual(['order_id', '48213', '48213', expect.any(String)]);
    expect(await page.locator('#active-form').textContent()).toBe('Form: cancel_order confirming');
    await screenshot(page, 'conversation-collected');

    await openTab(page, 'review');
    await expect.poll(() => page.locator('.review-item .entity').allTextContents()).toEqual(['order_id = 48213']);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 30_000);

  it("edits an intent's form: the server's reasons under the editor, then a save", async () => {
    const { page, pageErrors } = await newDashboardPage(browser);
    await logIn(page, baseUrl, ADMIN_TOKEN);
    await openTab(page, 'intents');
    await page.click('#intent-list [data-intent="cancel_order"]');
    await expect.poll(() => page.locator('#form-status').textContent()).toMatch(/^No form/);
    expect(JSON.parse(await page.inputValue('#form-json'))).toHaveProperty('slots');
    expect(await page.locator('#form-delete').isVisible()).toBe(false);

    const form = {
      slots: [{ name: 'order_id', entity: 'order_number', prompt: { en: 'Which order?', zh: '哪个订单？' } }],
      done: { en: 'Cancelling {order_id} to {adress}.', zh: '正在取消 {order_id}。' },
    };
    await page.fill('#form-json', JSON.stringify(form));
    await page.click('#form-save');
    await expect.poll(() => page.locator('#form-reasons li').count()).toBe(2);
    const reasons = await page.locator('#form-reasons li').allTextContents();
    expect(reasons[0]).toMatch(/^The entity type "order_number" of slot 1 \("order_id"\) does not exist/);
    expect(reasons[1]).toBe('The English (en) completion reply (done) uses {adress}, which is not a slot of this form (its slots: order_id).');
    expect(await notice(page)).toBe('The form was not saved: 2 problems under the editor.');
    await page.locator('#intent-form').scrollIntoViewIfNeeded();
    await screenshot(page, 'intent-form');

    await page.fill('#form-json', '{ "slots": [');
    await page.click('#form-save');
    await expect.poll(() => page.locator('#form-reasons li').first().textContent()).toMatch(/^This is not valid JSON/);

    const fixed = { ...form, slots: [{ ...form.slots[0], entity: 'order_id' }], done: { ...form.done, en: 'Cancelling {order_id}.' } };
    await page.fill('#form-json', JSON.stringify(fixed));
    await page.click('#form-save');
    await expect.poll(() => notice(page)).toBe('Form of cancel_order saved: workers use it from the next message.');
    await expect.poll(() => page.locator('#form-status').textContent()).toMatch(/^Before answering, the bot collects these slots\. Saved by admin-token/);
    expect(await page.locator('#form-reasons li').count()).toBe(0);
    expect(JSON.parse(await page.inputValue('#form-json'))).toEqual({ intent: 'cancel_order', ...fixed });
    expect((await listForms(api.db)).map((stored) => stored.intent)).toEqual(['cancel_order']);

    await page.click('#form-delete');
    await page.click('#form-delete'); // the second click deletes
    await expect.poll(() => page.locator('#form-status').textContent()).toMatch(/^No form/);
    expect(await listForms(api.db)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 30_000);

  it('lists the entities, refuses a catastrophic regex with the reason, saves a lookup list and tries it', async () => {
    const { page, pageErrors } = await newDashboardPage(browser);
    await logIn(page, baseUrl, ADMIN_TOKEN);
    await openTab(page, 'entities');
    await expect.poll(() => page.locator('#builtin-entities tbody tr').count()).toBe(8);
    expect(await page.locator('#custom-entities tbody tr').allTextContents()).toEqual([expect.stringMatching(/^order_idregexadmin-token, /)]);

    await page.click('#custom-entities tr[data-entity="order_id"]');
    expect(await page.inputValue('#entity-name')).toBe('order_id');
    expect(JSON.parse(await page.inputValue('#entity-json'))).toEqual({ kind: 'regex', pattern: '\\b\\d{5,10}\\b' });
    await page.fill('#entity-json', JSON.stringify({ kind: 'regex', pattern: '^(a+)+$' }));
    await page.click('#entity-save');
    await expect.poll(() => page.locator('#entity-reasons li').allTextContents()).toEqual([expect.stringMatching(/exponential time/)]);

    await page.click('#entity-new');
    await page.fill('#entity-name', 'colour');
    await page.fill('#entity-json', JSON.stringify({ kind: 'lookup', values: [{ value: 'red', synonyms: ['crimson', '红色'] }] }));
    await page.click('#entity-save');
    await expect.poll(() => page.locator('#custom-entities tbody tr').count()).toBe(2);
    expect(await notice(page)).toBe('Custom entity colour saved: workers use it from the next message.');

    await page.fill('#try-text', 'is order 48213 still crimson? 3 of them');
    await page.click('#try-run');
    await expect.poll(() => page.locator('#try-entities tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#try-entities tr[data-type="order_id"] td').allTextContents()).toEqual(['order_id', '48213', '48213', 'regex']);
    expect(await page.locator('#try-entities tr[data-type="colour"] td').allTextContents()).toEqual(['colour', 'red', 'crimson', 'lookup']);
    expect(await page.locator('#try-entities tr[data-type="number"] td').first().textContent()).toBe('number');
    await screenshot(page, 'entities');

    await page.fill('#try-text', '我要红色的');
    await page.selectOption('#try-language', 'zh');
    await page.click('#try-run');
    await expect.poll(() => page.locator('#try-entities tbody tr').allTextContents()).toEqual(['colourred红色lookup']);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 30_000);
});
