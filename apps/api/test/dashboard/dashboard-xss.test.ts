import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, useAdminApi } from '../support/admin-api-harness';
import { storeMessage } from '../support/conversation-fixtures';
import { launchChromium, logIn, newDashboardPage, openTab } from './browser';

/**
 * Markup written by end users and admins (a message, a display name, a reply, an intent's
 * description, a training phrase, a label's message, the entities found in a message and the slot
 * values collected from it, a form's texts, a custom entity's values), and what actions answer from
 * outside (an action call's answer and error, a reply's buttons, the Test button's answer, an action's
 * URL) is shown as text in every view of the dashboard: nothing of it runs. Each payload would set
 * window.__xss if it did.
 */
const api = useAdminApi();
const PAYLOADS = {
  message: `<img src=x onerror="window.__xss='message'">`,
  labelled: `<script>window.__xss='label'</script>please help`,
  userId: `<svg onload="window.__xss='user'">`,
  reply: `<img src=x onerror="window.__xss='reply'">`,
  description: `<iframe srcdoc="<script>parent.__xss='description'</script>"></iframe>`,
  phrase: `<a href="javascript:window.__xss='phrase'">track</a> my order`,
  entityType: `<img src=x onerror="window.__xss='entity type'">`,
  entityValue: `<svg onload="window.__xss='entity value'">`,
  slotValue: `<img src=x onerror="window.__xss='slot value'">`,
  slotText: `<script>window.__xss='slot text'</script>`,
  formIntent: `<b onmouseover="window.__xss='form intent'">order</b>`,
  event: `<img src=x onerror="window.__xss='dialogue event'">`,
  prompt: `<img src=x onerror="window.__xss='prompt'"> which order?`,
  lookupValue: `<img src=x onerror="window.__xss='lookup value'">`,
  pattern: `<img src=x onerror="window.__xss='pattern'">`,
  actionUrl: `https://93.184.215.14/hook?q=<img src=x onerror="window.__xss='action url'">`,
  callText: `<img src=x onerror="window.__xss='call text'">`,
  callError: `<script>window.__xss='call error'</script>timed out`,
  callSlot: `<svg onload="window.__xss='call slot'">`,
  buttonLabel: `<b onmouseover="window.__xss='button label'">track</b>`,
  buttonUrl: `javascript:window.__xss='button url'`,
  answerText: `<img src=x onerror="window.__xss='answer text'">`,
  answerButton: `<svg onload="window.__xss='answer button'">`,
  answerLink: `https://shop.example/?q=<svg onload="window.__xss='answer link'">`,
  testText: `<img src=x onerror="window.__xss='test text'">`,
};
let baseUrl: string;
let browser: Browser;
let actionServer: Server;

beforeAll(async () => {
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  expect(
    (await api.call('POST', '/api/v1/intents', { body: { name: 'order_status', description: PAYLOADS.description, responses: { en: [PAYLOADS.reply] } } })).status,
  ).toBe(201);
  expect((await api.call('POST', '/api/v1/intents/order_status/examples', { body: { texts: [PAYLOADS.phrase] } })).status).toBe(201);
  const entity = { type: PAYLOADS.entityType, value: PAYLOADS.entityValue, text: PAYLOADS.message.slice(0, 4), start: 0, end: 4, extractor: 'regex' as const };
  const withMarkup = await storeMessage(api.db, {
    buttons: [
      { type: 'reply', label: PAYLOADS.buttonLabel, text: PAYLOADS.buttonLabel },
      { type: 'link', label: PAYLOADS.buttonLabel, url: PAYLOADS.buttonUrl },
    ],
    text: PAYLOADS.message,
    intent: null,
    userId: PAYLOADS.userId,
    reply: PAYLOADS.reply,
    entities: [entity],
    dialogueEvents: [{ type: PAYLOADS.event, slot: PAYLOADS.event }],
    dialogueState: {
      slots: { order_id: { value: PAYLOADS.slotValue, text: PAYLOADS.slotText, turnId: null, setAt: new Date().toISOString() } },
      form: { intent: PAYLOADS.formIntent, asking: 'order_id', retries: 0, confirming: false },
      paused: [{ intent: PAYLOADS.formIntent, asking: null, retries: 0 }],
    },
  });
  await api.db.actionCall.create({
    data: {
      conversationId: withMarkup.conversation.id,
      inboundTurnId: withMarkup.inboundTurn.id,
      action: 'order_lookup',
      replyContext: {},
      status: 'error',
      attempts: 1,
      error: PAYLOADS.callError,
      response: { text: PAYLOADS.callText, buttons: [{ type: 'link', label: PAYLOADS.buttonLabel, url: PAYLOADS.buttonUrl }], slots: { order_id: PAYLOADS.callSlot } },
    },
  });
  // An action server whose every answer is markup.
  actionServer = createServer((request, response) => {
    request.resume().on('end', () => {
      const buttons = [
        { type: 'reply', label: PAYLOADS.answerButton },
        { type: 'link', label: PAYLOADS.answerButton, url: PAYLOADS.answerLink },
      ];
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: PAYLOADS.answerText, buttons, startForm: PAYLOADS.answerButton }));
    });
  });
  await new Promise<void>((resolve) => actionServer.listen(0, '127.0.0.1', resolve));
  const actionUrl = `http://127.0.0.1:${(actionServer.address() as AddressInfo).port}/hook`;
  const secret = 'xss-test-action-secret-0123456789';
  expect((await api.call('PUT', '/api/v1/actions/order_lookup', { body: { url: actionUrl, secret, allowPrivateNetwork: true } })).status).toBe(200);
  expect((await api.call('PUT', '/api/v1/actions/marked_url', { body: { url: PAYLOADS.actionUrl, secret } })).status).toBe(200);
  const form = {
    slots: [{ name: 'order_id', entity: 'parcel', prompt: { en: PAYLOADS.prompt, zh: PAYLOADS.prompt } }],
    done: { en: PAYLOADS.prompt, zh: PAYLOADS.prompt },
  };
  const lookup = { kind: 'lookup', values: [{ value: PAYLOADS.lookupValue, synonyms: ['parcel'] }] };
  expect((await api.call('PUT', '/api/v1/entities/parcel', { body: lookup })).status).toBe(200);
  const tagged = await api.call('PUT', '/api/v1/entities/tagged', { body: { kind: 'regex', pattern: PAYLOADS.pattern } });
  expect(tagged.status, JSON.stringify(tagged.json)).toBe(200);
  expect((await api.call('PUT', '/api/v1/intents/order_status/form', { body: form })).status).toBe(200);
  const labelled = await storeMessage(api.db, { text: PAYLOADS.labelled, intent: null, userId: 'bob' });
  expect((await api.call('POST', '/api/v1/labels', { body: { turnId: labelled.inboundTurn.id, intent: 'order_status' } })).status).toBe(201);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => actionServer?.close(resolve));
});

describe('the dashboard with markup in its data', () => {
  it('shows it as text in every view and runs none of it', async () => {
    const { page, pageErrors } = await newDashboardPage(browser);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await logIn(page, baseUrl, ADMIN_TOKEN);
    const ran = () => page.evaluate(() => (window as unknown as { __xss?: string }).__xss ?? null);

    await openTab(page, 'conversations');
    await expect.poll(() => page.locator('#conversation-list tbody tr').count()).toBe(2);
    const details: string[] = [];
    for (const row of await page.locator('#conversation-list tbody tr').all()) {
      const shown = () => page.locator('#conversation-detail').textContent();
      const before = await shown();
      await row.click();
      await expect.poll(shown).not.toBe(before);
      await expect.poll(() => page.locator('#conversation-detail .turn').count()).toBe(2);
      details.push((await shown()) ?? '');
    }
    expect(details.join('\n')).toContain(PAYLOADS.message);
    expect(details.join('\n')).toContain(PAYLOADS.reply);
    expect(details.join('\n')).toContain(PAYLOADS.labelled);
    for (const shown of [
      PAYLOADS.entityType,
      PAYLOADS.entityValue,
      PAYLOADS.slotValue,
      PAYLOADS.slotText,
      PAYLOADS.formIntent,
      PAYLOADS.event,
      PAYLOADS.callText,
      PAYLOADS.callError,
      PAYLOADS.callSlot,
      PAYLOADS.buttonLabel,
    ]) {
      expect(details.join('\n')).toContain(shown);
    }
    // Buttons are labels, not links: a javascript: URL is only ever a title.
    expect(await page.locator('#conversation-detail a').count()).toBe(0);

    await openTab(page, 'review');
    await expect.poll(() => page.locator('#review-list').textContent()).toContain(PAYLOADS.message);
    expect(await page.locator('#review-list .entity').allTextContents()).toEqual([`${PAYLOADS.entityType} = ${PAYLOADS.entityValue}`]);

    await openTab(page, 'intents');
    await page.click('#intent-list [data-intent="order_status"]');
    await expect.poll(() => page.locator('#intent-examples .example span').allTextContents()).toEqual([PAYLOADS.phrase]);
    expect(await page.locator('[data-language="en"] .response').first().textContent()).toContain(PAYLOADS.reply);
    expect(await page.locator('#intent-examples a').count()).toBe(0);
    await expect.poll(() => page.inputValue('#form-json')).toContain(JSON.stringify(PAYLOADS.prompt));

    await openTab(page, 'entities');
    await page.click('#custom-entities tr[data-entity="parcel"]');
    expect(await page.inputValue('#entity-json')).toContain(JSON.stringify(PAYLOADS.lookupValue));
    await page.click('#custom-entities tr[data-entity="tagged"]');
    expect(await page.inputValue('#entity-json')).toContain(JSON.stringify(PAYLOADS.pattern));
    await page.fill('#try-text', `my parcel ${PAYLOADS.pattern}`);
    await page.click('#try-run');
    await expect.poll(() => page.locator('#try-entities tr[data-type="parcel"] td').nth(1).textContent()).toBe(PAYLOADS.lookupValue);
    expect(await page.locator('#try-entities tr[data-type="tagged"] td').nth(2).textContent()).toBe(PAYLOADS.pattern);

    await openTab(page, 'actions');
    await page.click('#actions-table tr[data-action="marked_url"]');
    expect(await page.inputValue('#action-url')).toBe(PAYLOADS.actionUrl);
    expect(await page.locator('#actions-table tr[data-action="marked_url"] .url').textContent()).toBe(PAYLOADS.actionUrl);
    await page.click('#actions-table tr[data-action="order_lookup"]');
    await page.fill('#action-test-text', PAYLOADS.testText);
    await page.click('#action-test-run');
    await expect.poll(() => page.locator('#action-test-status').getAttribute('data-status')).toBe('ok');
    expect(await page.locator('#action-test-result [data-part="text"]').textContent()).toBe(PAYLOADS.answerText);
    expect(await page.locator('#action-test-result .button-label').allTextContents()).toEqual([PAYLOADS.answerButton, `${PAYLOADS.answerButton} ↗`]);
    expect(await page.locator('#action-test-result [data-part="startForm"] code').textContent()).toBe(PAYLOADS.answerButton);
    expect(await page.locator('#action-test-result pre').first().textContent()).toContain(JSON.stringify(PAYLOADS.testText));
    expect(await page.locator('#action-test-result a').count()).toBe(0);

    for (const tab of ['training', 'models']) await openTab(page, tab);

    expect(await ran()).toBeNull();
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
