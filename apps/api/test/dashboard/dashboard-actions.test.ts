import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '@chatbot/actions-sdk';
import { getAction, listForms } from '@chatbot/db';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, useAdminApi } from '../support/admin-api-harness';
import { storeMessage } from '../support/conversation-fixtures';
import { launchChromium, logIn, newDashboardPage, openTab, screenshot } from './browser';

/**
 * Actions on the dashboard in a real Chromium: the Actions tab (create, edit with the secret kept,
 * a refused save, the Test button against a local action server, delete), the form editor's choice
 * of action, and the conversation view's action calls and reply buttons.
 */
const api = useAdminApi();
const SECRET = 'dashboard-action-secret-0123456789';
let baseUrl: string;
let browser: Browser;
let actionServer: Server;
let actionUrl: string;
let answer: { status: number; body: unknown } = { status: 200, body: {} };
const signatures: boolean[] = [];
let conversationId: string;

const ORDER_BUTTONS = [
  { type: 'reply' as const, label: 'Track it', text: 'track 48213' },
  { type: 'link' as const, label: 'Open the order', url: 'https://shop.example/orders/48213' },
];

beforeAll(async () => {
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  actionServer = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      signatures.push(verifySignature(SECRET, request.headers, Buffer.concat(chunks)).ok);
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => actionServer.listen(0, '127.0.0.1', resolve));
  actionUrl = `http://127.0.0.1:${(actionServer.address() as AddressInfo).port}/hook`;

  expect((await api.call('POST', '/api/v1/intents', { body: { name: 'order_status' } })).status).toBe(201);
  const asked = await storeMessage(api.db, {
    userId: 'ann',
    text: 'where is order 48213?',
    intent: 'order_status',
    reply: 'It left the warehouse today.',
    buttons: ORDER_BUTTONS,
  });
  conversationId = asked.conversation.id;
  await api.db.actionCall.create({
    data: {
      conversationId,
      inboundTurnId: asked.inboundTurn.id,
      action: 'order_lookup',
      replyContext: {},
      status: 'ok',
      attempts: 1,
      httpStatus: 200,
      latencyMs: 240,
      response: { text: 'It left the warehouse today.', buttons: ORDER_BUTTONS, slots: { order_id: '48213' } },
      finishedAt: new Date(),
    },
  });
  const late = await storeMessage(api.db, {
    userId: 'ann',
    conversationKey: asked.conversation.conversationKey,
    text: 'and order 50001?',
    intent: 'order_status',
    reply: 'Sorry, I could not look that up.',
  });
  await api.db.actionCall.create({
    data: {
      conversationId,
      inboundTurnId: late.inboundTurn.id,
      action: 'order_lookup',
      replyContext: {},
      status: 'timeout',
      attempts: 2,
      latencyMs: 8000,
      error: 'no answer within 8000 ms',
      interimSentAt: new Date(),
      finishedAt: new Date(),
    },
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => actionServer?.close(resolve));
});

const notice = (page: Page) => page.locator('#notice').textContent();

describe('actions on the dashboard in Chromium', () => {
  it('creates an action, refuses a private URL, keeps the secret on an edit, tests it and deletes it', async () => {
    const { page, pageErrors } = await newDashboardPage(browser);
    await logIn(page, baseUrl, ADMIN_TOKEN);
    await openTab(page, 'actions');
    await expect.poll(() => page.locator('#action-list').textContent()).toContain('None yet');
    expect(await page.locator('#action-test').textContent()).toContain('Pick a saved action to test it.');

    await page.fill('#action-name', 'order_lookup');
    await page.fill('#action-url', actionUrl);
    await page.fill('#action-secret', SECRET);
    await page.fill('#action-timeout', '3000');
    await page.click('#action-save');
    await expect.poll(() => notice(page)).toMatch(/^body\.url: 127\.0\.0\.1 resolves to 127\.0\.0\.1 \(loopback\), a non-public address/);
    expect(await page.locator('#notice').getAttribute('data-kind')).toBe('error');

    await page.check('#action-private');
    await page.click('#action-save');
    await expect.poll(() => notice(page)).toBe('Action order_lookup saved: workers use it from the next message.');
    await expect.poll(() => page.locator('#actions-table tbody tr').allTextContents()).toEqual([expect.stringMatching(/^order_lookup.*\/hook3000 msadmin-token, /)]);
    // Written, never read back: the field is empty again, and says that leaving it so keeps the secret.
    expect(await page.inputValue('#action-secret')).toBe('');
    expect(await page.getAttribute('#action-secret', 'placeholder')).toBe('Saved: leave empty to keep it');
    expect(await page.content()).not.toContain(SECRET);

    await page.fill('#action-retries', '0');
    await page.click('#action-save');
    await expect.poll(async () => (await getAction(api.db, 'order_lookup'))?.retries).toBe(0);
    expect((await getAction(api.db, 'order_lookup'))!.secret).toBe(SECRET);
    expect(await page.inputValue('#action-timeout')).toBe('3000');

    // The Test button: the answer, its buttons as labels, the slots it sets; then an answer that fails.
    answer = { status: 200, body: { text: 'Order 48213 left the warehouse today.', buttons: ORDER_BUTTONS, slots: { order_status: 'shipped' } } };
    await page.fill('#action-test-text', 'where is my order?');
    await page.fill('#action-test-slots', 'order_id=48213\n\n');
    await page.click('#action-test-run');
    await expect.poll(() => page.locator('#action-test-status').getAttribute('data-status')).toBe('ok');
    expect(await page.locator('#action-test-status').textContent()).toMatch(/^ok HTTP 200 · \d+ ms · 1 request$/);
    expect(await page.locator('#action-test-result [data-part="text"]').textContent()).toBe('Order 48213 left the warehouse today.');
    expect(await page.locator('#action-test-result .button-label').allTextContents()).toEqual(['Track it', 'Open the order ↗']);
    expect(await page.locator('#action-test-result [data-part="slots"]').textContent()).toBe('Sets slots: order_status = shipped');
    expect(await page.locator('#action-test-result a').count()).toBe(0);
    const sent = JSON.parse((await page.locator('#action-test-result pre').first().textContent())!);
    expect(sent).toMatchObject({ test: true, message: { text: 'where is my order?' }, slots: { order_id: { value: '48213' } } });
    expect(signatures).toEqual([true]);
    await screenshot(page, 'actions');

    answer = { status: 502, body: {} };
    await page.click('#action-test-run');
    await expect.poll(() => page.locator('#action-test-status').getAttribute('data-status')).toBe('error');
    expect(await page.locator('#action-test-error').textContent()).toBe('answered 502');

    await page.fill('#action-test-slots', 'order id 48213');
    await page.click('#action-test-run');
    await expect.poll(() => notice(page)).toBe('"order id 48213" is not a slot: write name=value, one per line.');

    await page.click('#action-delete');
    expect(await page.locator('#action-delete').textContent()).toBe('Really delete order_lookup?');
    await page.click('#action-delete');
    await expect.poll(() => page.locator('#action-list').textContent()).toContain('None yet');
    expect(await getAction(api.db, 'order_lookup')).toBeNull();
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 30_000);

  it("chooses a form's action from the saved ones, and takes it away again", async () => {
    expect((await api.call('PUT', '/api/v1/actions/order_lookup', { body: { url: actionUrl, secret: SECRET, allowPrivateNetwork: true } })).status).toBe(200);
    const { page, pageErrors } = await newDashboardPage(browser);
    await logIn(page, baseUrl, ADMIN_TOKEN);
    await openTab(page, 'intents');
    await page.click('#intent-list [data-intent="order_status"]');
    await expect.poll(() => page.locator('#form-action option').allTextContents()).toEqual(['None: the completion reply (done) answers', 'order_lookup']);
    expect(await page.inputValue('#form-action')).toBe('');

    const form = {
      slots: [{ name: 'order_id', entity: 'number', prompt: { en: 'Which order?', zh: '哪个订单？' } }],
      done: { en: 'Looking up {order_id}.', zh: '正在查询 {order_id}。' },
    };
    await page.fill('#form-json', JSON.stringify(form));
    await page.selectOption('#form-action', 'order_lookup');
    await page.click('#form-save');
    await expect.poll(() => notice(page)).toBe('Form of order_status saved: workers use it from the next message.');
    expect((await listForms(api.db))[0]!.definition).toMatchObject({ action: 'order_lookup' });
    // The JSON leaves the action to the picker.
    await expect.poll(async () => JSON.parse(await page.inputValue('#form-json'))).toEqual({ intent: 'order_status', ...form });
    expect(await page.inputValue('#form-action')).toBe('order_lookup');

    // An action that is gone stays chosen, marked, until another is picked.
    await api.db.action.delete({ where: { name: 'order_lookup' } });
    await page.click('#intent-list [data-intent="order_status"]');
    await expect
      .poll(() => page.locator('#form-action option').allTextContents())
      .toEqual(['None: the completion reply (done) answers', 'order_lookup (not configured: done answers)']);
    expect(await page.inputValue('#form-action')).toBe('order_lookup');
    await page.selectOption('#form-action', '');
    await page.click('#form-save');
    await expect.poll(async () => (await listForms(api.db))[0]!.definition).not.toHaveProperty('action');
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 30_000);

  it("shows each action call under the message it answered, and a reply's buttons as labels", async () => {
    const { page, pageErrors } = await newDashboardPage(browser);
    await logIn(page, baseUrl, ADMIN_TOKEN);
    await page.click(`#conversation-list tr[data-conversation-id="${conversationId}"]`);
    await expect.poll(() => page.locator('#conversation-detail .turn').count()).toBe(4);

    const [answered, timedOut] = await page.locator('#conversation-detail .turn-user').all();
    expect(await answered!.locator('.action-call').getAttribute('data-status')).toBe('ok');
    expect(await answered!.locator('.action-call .turn-meta').first().textContent()).toBe('Action order_lookup ok HTTP 200 · 240 ms · 1 attempt');
    expect(await answered!.locator('.action-call [data-part="text"]').textContent()).toBe('It left the warehouse today.');
    expect(await answered!.locator('.action-call [data-part="slots"]').textContent()).toBe('Sets slots: order_id = 48213');
    expect(await timedOut!.locator('.action-call .turn-meta').first().textContent()).toBe(
      'Action order_lookup timeout HTTP — · 8000 ms · 2 attempts · asked the user to wait',
    );
    expect(await timedOut!.locator('.action-error').textContent()).toBe('no answer within 8000 ms');

    const replies = page.locator('#conversation-detail .turn-bot');
    expect(await replies.nth(0).locator('.button-label').allTextContents()).toEqual(['Track it', 'Open the order ↗']);
    expect(await replies.nth(0).locator('.button-label[data-type="link"]').getAttribute('title')).toBe('https://shop.example/orders/48213');
    expect(await replies.nth(1).locator('.buttons').count()).toBe(0);
    await screenshot(page, 'conversation-actions');
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 30_000);

  it("edits an intent's buttons, refused with the server's reason until they are right, and chooses its action", async () => {
    expect((await api.call('PUT', '/api/v1/actions/order_lookup', { body: { url: actionUrl, secret: SECRET, allowPrivateNetwork: true } })).status).toBe(200);
    const { page, pageErrors } = await newDashboardPage(browser);
    await logIn(page, baseUrl, ADMIN_TOKEN);
    await openTab(page, 'intents');
    await page.click('#intent-list [data-intent="order_status"]');
    await expect.poll(() => page.locator('#intent-action option').allTextContents()).toEqual(['None: the reply answers', 'order_lookup']);
    expect(await page.locator('[data-buttons-language="en"] .intent-buttons').textContent()).toBe('None yet.');

    const english = page.locator('[data-buttons-language="en"]');
    await english.locator('button:has-text("Add button")').click();
    await english.locator('button:has-text("Add button")').click();
    const [person, track] = await english.locator('.intent-button').all();
    await person!.locator('input[aria-label="Button label"]').fill('Talk to a person');
    await person!.locator('input[aria-label="Button target"]').fill('talk to a human');
    await track!.locator('select').selectOption('link');
    await track!.locator('input[aria-label="Button label"]').fill('Track it');
    await track!.locator('input[aria-label="Button target"]').fill('javascript:alert(1)');
    await page.selectOption('#intent-action', 'order_lookup');
    await page.click('#intent-buttons-save');
    await expect.poll(() => notice(page)).toBe('body.buttons.en.1.url: must be an http or https URL');
    expect(await api.db.intent.findUniqueOrThrow({ where: { name: 'order_status' } })).toMatchObject({ buttons: null, action: null });

    await track!.locator('input[aria-label="Button target"]').fill('https://shop.example/track');
    await page.click('#intent-buttons-save');
    await expect.poll(() => notice(page)).toBe('Buttons and action of order_status saved: workers use them from the next message.');
    expect(await api.db.intent.findUniqueOrThrow({ where: { name: 'order_status' } })).toMatchObject({
      buttons: {
        en: [
          { type: 'reply', label: 'Talk to a person', text: 'talk to a human' },
          { type: 'link', label: 'Track it', url: 'https://shop.example/track' },
        ],
        zh: [],
      },
      action: 'order_lookup',
    });
    // Shown again as saved.
    await expect
      .poll(() => english.locator('input[aria-label="Button label"]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)))
      .toEqual(['Talk to a person', 'Track it']);
    expect(await page.inputValue('#intent-action')).toBe('order_lookup');
    await page.locator('#intent-buttons').scrollIntoViewIfNeeded();
    await screenshot(page, 'intent-buttons');

    await english.locator('.intent-button').first().locator('button:has-text("Remove")').click();
    await page.selectOption('#intent-action', '');
    await page.click('#intent-buttons-save');
    await expect
      .poll(async () => api.db.intent.findUniqueOrThrow({ where: { name: 'order_status' } }))
      .toMatchObject({ buttons: { en: [{ type: 'link', label: 'Track it', url: 'https://shop.example/track' }], zh: [] }, action: null });
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 30_000);

  it('shows a viewer the actions without the controls that write or call them', async () => {
    expect((await api.call('PUT', '/api/v1/actions/order_lookup', { body: { url: actionUrl, secret: SECRET, allowPrivateNetwork: true } })).status).toBe(200);
    const viewer = await api.call('POST', '/api/v1/api-keys', { body: { name: 'action-viewer', role: 'viewer' } });
    const { page, pageErrors } = await newDashboardPage(browser);
    await logIn(page, baseUrl, viewer.json.key);
    await openTab(page, 'actions');
    await page.click('#actions-table tr[data-action="order_lookup"]');
    expect(await page.inputValue('#action-url')).toBe(actionUrl);
    for (const id of ['#action-save', '#action-delete', '#action-test-run']) expect(await page.locator(id).isVisible(), id).toBe(false);
    expect(await page.getAttribute('#action-url', 'readonly')).toBe('');
    expect(await page.isDisabled('#action-private')).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 30_000);
});
