import type { AddressInfo } from 'node:net';
import { createTrainingRun, markTrainingRunRunning, registerModelVersion, updateTrainingRunProgress } from '@chatbot/db';
import { evaluate, OUT_OF_SCOPE } from '@chatbot/nlp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, useAdminApi } from '../support/admin-api-harness';
import { storeMessage } from '../support/conversation-fixtures';
import { launchChromium, logIn, newDashboardPage, openTab } from './browser';

/**
 * The dashboard in a real Chromium against the API in this process, on seeded data: every tab,
 * the label actions, the catalogue editor, promote/rollback, starting and cancelling a run, roles.
 */
const api = useAdminApi();
let baseUrl: string;
let browser: Browser;

const FALLBACKS = ['do you offer gift wrapping', 'can you wrap it as a present', 'wrap my order as a gift please'];
// A small but real evaluation: the figures, per-intent scores and confusions the page must show.
const gold = ['greeting', 'greeting', 'order_status', 'order_status', 'order_status', 'refund', 'refund', OUT_OF_SCOPE, OUT_OF_SCOPE];
const predicted = ['greeting', 'order_status', 'order_status', 'order_status', 'refund', 'refund', OUT_OF_SCOPE, OUT_OF_SCOPE, 'greeting'];
const evaluation = evaluate(gold, predicted, { outOfScopeLabel: OUT_OF_SCOPE });
const history = [1, 2, 3, 4, 5].map((epoch) => ({ epoch, epochs: 5, loss: 2 / epoch, accuracy: 0.5 + epoch / 12, valLoss: 2.2 / epoch, valAccuracy: 0.45 + epoch / 12 }));

beforeAll(async () => {
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  for (const name of ['greeting', 'order_status']) expect((await api.call('POST', '/api/v1/intents', { body: { name } })).status).toBe(201);
  await storeMessage(api.db, { text: 'hello there', intent: 'greeting', userId: 'alice' });
  for (const [i, text] of FALLBACKS.entries()) {
    await storeMessage(api.db, {
      text,
      intent: null,
      userId: `user-${i}`,
      topIntents: [
        { intent: 'order_status', score: 0.31 },
        { intent: 'greeting', score: 0.12 },
      ],
    });
  }
  await registerModelVersion(api.db, {
    version: 'v-old',
    artefactPath: '/models/v-old',
    metrics: { validation: { n: 9, macroF1: 0.5, accuracy: 0.6, oosRecall: 0.4 } },
    activate: true,
  });
  const run = await createTrainingRun(api.db, { requestedBy: 'seed' });
  await markTrainingRunRunning(api.db, run.id);
  await updateTrainingRunProgress(api.db, run.id, { ...history.at(-1), history });
  const runMetrics = {
    modelVersion: 'v-new',
    evaluation,
    activeModel: { version: 'v-old', evaluation: { ...evaluation, macroF1: 0.5 } },
    promotion: { promote: false, reason: 'waiting for an admin: seeded' },
    data: { intents: 3, train: 30, validation: 9, outOfScopeTrain: 4, outOfScopeValidation: 2, labelled: 0, baseOverriddenByLabels: 0 },
    trainingSeconds: 1.5,
  };
  await registerModelVersion(api.db, {
    version: 'v-new',
    artefactPath: '/models/v-new',
    metrics: { heldOut: evaluation },
    activate: false,
    trainingRun: { id: run.id, metrics: runMetrics },
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const notice = (page: Page) => page.locator('#notice').textContent();
const latestLabel = async (text: string) => {
  const turn = await api.db.turn.findFirstOrThrow({ where: { text, direction: 'inbound' }, include: { labels: { orderBy: { createdAt: 'desc' } } } });
  return turn.labels[0]?.intent;
};

describe('the admin dashboard in Chromium', () => {
  it('refuses a wrong token at the login', async () => {
    const { page } = await newDashboardPage(browser);
    await page.goto(`${baseUrl}/admin`);
    await page.fill('#login-token', 'certainly-not-the-token');
    await page.click('#login-form button[type="submit"]');
    await expect.poll(() => page.locator('#login-error').textContent()).toBe('That token is not valid.');
    expect(await page.locator('#app').isHidden()).toBe(true);
    await page.close();
  });

  it('lets an admin browse conversations, label the review queue, edit replies, read a run, promote and roll back', async () => {
    const { page, pageErrors } = await newDashboardPage(browser);
    await logIn(page, baseUrl, ADMIN_TOKEN);
    expect(await page.locator('#whoami').textContent()).toBe('admin-token (admin)');

    // Conversations: all four, then searched, then one read with its turns.
    await expect.poll(() => page.locator('#conversation-list tbody tr').count()).toBe(4);
    await page.fill('#conversation-filters input[name="q"]', 'gift');
    await page.click('#conversation-filters button[type="submit"]');
    await expect.poll(() => page.locator('#conversation-list tbody tr').count()).toBe(2);
    await page.locator('#conversation-list tbody tr').first().click();
    await expect.poll(() => page.locator('#conversation-detail .turn').count()).toBe(2);
    expect(await page.locator('#conversation-detail .turn-user .turn-text').textContent()).toMatch(/gift/);

    // Review queue: one message labelled with an existing intent, the rest bulk-labelled with a new one.
    await openTab(page, 'review');
    await expect.poll(() => page.locator('.review-item').count()).toBe(3);
    expect(await page.locator('.review-item .chip').first().textContent()).toBe('order_status 0.31');
    await page.click('#bulk-label');
    await expect.poll(() => notice(page)).toBe('Select at least one message first.');
    const first = page.locator('.review-item').first();
    const firstText = (await first.locator('.review-text').textContent())!;
    await first.locator('.chip').first().click(); // takes the model's best guess into the box
    await first.getByRole('button', { name: 'Label', exact: true }).click();
    await expect.poll(() => page.locator('.review-item').count()).toBe(2);
    expect(await latestLabel(firstText)).toBe('order_status');

    await page.check('#select-all');
    expect(await page.locator('#bulk-count').textContent()).toBe('2 selected');
    await page.fill('#bulk-intent', 'gift_wrap');
    await page.click('#bulk-label');
    await expect.poll(() => page.locator('#review-list').textContent()).toBe('Nothing to review.');
    expect(await notice(page)).toBe('Labelled 2 messages as gift_wrap (new intent gift_wrap created: add its replies under Intents).');
    for (const text of FALLBACKS.filter((text) => text !== firstText)) expect(await latestLabel(text)).toBe('gift_wrap');

    // Intents: the new intent gets an English reply.
    await openTab(page, 'intents');
    await page.click('#intent-list [data-intent="gift_wrap"]');
    await page.fill('[data-language="en"] textarea[aria-label="New en reply"]', 'We gift-wrap any order for free.');
    await page.click('[data-language="en"] button:has-text("Add reply")');
    await expect.poll(() => page.locator('[data-language="en"] .response').count()).toBe(1);
    const intent = await api.db.intent.findUniqueOrThrow({ where: { name: 'gift_wrap' }, include: { responses: true } });
    expect(intent.responses.map((r) => [r.language, r.text])).toEqual([['en', 'We gift-wrap any order for free.']]);

    // Training phrases: two written for order_status (blank lines and a repeat ignored), one deleted again.
    await page.click('#intent-list [data-intent="order_status"]');
    await page.fill('textarea[aria-label="New training phrases"]', 'where is my parcel\n\n  has my package shipped  \nwhere is my parcel');
    await page.click('#intent-examples button:has-text("Add phrases")');
    await expect.poll(() => page.locator('#intent-examples .example span').allTextContents()).toEqual(['where is my parcel', 'has my package shipped']);
    expect(await notice(page)).toBe('2 phrases added to order_status; the next training run learns them.');
    await page.locator('#intent-examples .example', { hasText: 'where is my parcel' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.locator('#intent-examples .example span').allTextContents()).toEqual(['has my package shipped']);
    expect((await api.db.intentExample.findMany({ include: { intent: true } })).map((e) => [e.intent.name, e.text])).toEqual([
      ['order_status', 'has my package shipped'],
    ]);

    // Training: the finished run's curves, figures, per-intent table and confusion heat map.
    await openTab(page, 'training');
    await page.waitForSelector('#evaluation');
    expect(await page.locator('#training-curves polyline').count()).toBe(4);
    expect(await page.locator('#training-curves circle').count()).toBe(4 * history.length);
    expect(await page.locator('[data-metric="macroF1"] .stat-value').textContent()).toBe(evaluation.macroF1.toFixed(3));
    expect(await page.locator('[data-metric="oosRecall"] .stat-value').textContent()).toBe(`${(evaluation.oosRecall! * 100).toFixed(1)}%`);
    expect(await page.locator('#per-intent tbody tr').count()).toBe(evaluation.perIntent.filter((s) => s.support > 0).length);
    for (const { gold: g, predicted: p, count } of evaluation.topConfusions) {
      expect(await page.locator(`#confusions .cell[data-gold="${g}"][data-predicted="${p}"]`).getAttribute('data-count')).toBe(String(count));
    }
    expect(await page.locator('#promotion-decision').textContent()).toContain('waiting for an admin');

    // Model versions: promote the new one, then roll back to the old one.
    await openTab(page, 'models');
    await page.click('[data-version="v-new"] button:has-text("Promote")');
    await expect.poll(() => page.locator('[data-version="v-new"]').getAttribute('data-active')).toBe('true');
    expect((await api.db.modelVersion.findFirstOrThrow({ where: { isActive: true } })).version).toBe('v-new');
    await page.click('#rollback');
    await expect.poll(() => page.locator('[data-version="v-old"]').getAttribute('data-active')).toBe('true');
    expect((await api.db.modelVersion.findFirstOrThrow({ where: { isActive: true } })).version).toBe('v-old');

    // Too few gift_wrap examples: the run is refused with the reason.
    await openTab(page, 'training');
    await page.click('#start-training');
    await expect.poll(() => notice(page)).toMatch(/too little training data: .*"gift_wrap" has 2/);
    expect(await page.locator('#notice').getAttribute('data-kind')).toBe('error');

    // Relabelled as out of scope (labelled messages shown again), the data is enough.
    await openTab(page, 'review');
    await page.check('#include-labelled');
    await expect.poll(() => page.locator('.review-item').count()).toBe(3);
    for (const text of FALLBACKS.filter((text) => text !== firstText)) {
      await page.locator('.review-item', { hasText: text }).getByRole('button', { name: 'Out of scope' }).click();
      await expect.poll(() => latestLabel(text)).toBeNull();
    }

    // Starting a run queues it (no trainer runs here), and it can be cancelled from the page.
    await openTab(page, 'training');
    await page.click('#start-training');
    await expect.poll(() => page.locator('#training-runs tbody tr[data-status="queued"]').count()).toBe(1);
    await page.click('#run-detail button:has-text("Cancel run")');
    await expect.poll(() => page.locator('#training-runs tbody tr[data-status="cancelled"]').count()).toBe(1);

    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it('hides the write actions from a viewer, and returns to the login when the key is revoked', async () => {
    const created = await api.call('POST', '/api/v1/api-keys', { body: { name: 'auditor', role: 'viewer' } });
    const { page, pageErrors } = await newDashboardPage(browser);
    await logIn(page, baseUrl, created.json.key);
    expect(await page.locator('#whoami').textContent()).toBe('auditor (viewer)');
    await openTab(page, 'training');
    await page.waitForSelector('#training-runs table');
    expect(await page.locator('#start-training').isVisible()).toBe(false);

    await api.call('DELETE', `/api/v1/api-keys/${created.json.id}`);
    await page.click('#tabs a[data-tab="models"]'); // the tab starts loading, and its 401 ends the session
    await page.waitForSelector('#login:not([hidden])');
    expect(await page.locator('#login-error').textContent()).toBe('Your session has ended: log in again.');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 30_000);
});
