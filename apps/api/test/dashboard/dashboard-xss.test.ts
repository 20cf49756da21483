import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, useAdminApi } from '../support/admin-api-harness';
import { storeMessage } from '../support/conversation-fixtures';
import { launchChromium, logIn, newDashboardPage, openTab } from './browser';

/**
 * Markup written by end users and admins (a message, a display name, a reply, an intent's
 * description, a training phrase, a label's message, the entities found in a message and the slot
 * values collected from it, a form's texts, a custom entity's values) is shown as text in every view
 * of the dashboard: nothing of it runs. Each payload would set window.__xss if it did.
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
};
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  expect(
    (await api.call('POST', '/api/v1/intents', { body: { name: 'order_status', description: PAYLOADS.description, responses: { en: [PAYLOADS.reply] } } })).status,
  ).toBe(201);
  expect((await api.call('POST', '/api/v1/intents/order_status/examples', { body: { texts: [PAYLOADS.phrase] } })).status).toBe(201);
  const entity = { type: PAYLOADS.entityType, value: PAYLOADS.entityValue, text: PAYLOADS.message.slice(0, 4), start: 0, end: 4, extractor: 'regex' as const };
  await storeMessage(api.db, {
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
    for (const shown of [PAYLOADS.entityType, PAYLOADS.entityValue, PAYLOADS.slotValue, PAYLOADS.slotText, PAYLOADS.formIntent, PAYLOADS.event]) {
      expect(details.join('\n')).toContain(shown);
    }

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

    for (const tab of ['training', 'models']) await openTab(page, tab);

    expect(await ran()).toBeNull();
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
