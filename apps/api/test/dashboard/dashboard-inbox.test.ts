import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, outboundQueueName, publishPlatformEvent, type Redis } from '@chatbot/core';
import { setConversationStatus } from '@chatbot/db';
import { ADMIN_TOKEN, REDIS_URL, useAdminApi } from '../support/admin-api-harness';
import { storeMessage } from '../support/conversation-fixtures';
import { createAgentKey, waitingConversation } from '../support/inbox-fixtures';
import { launchChromium, logIn, newDashboardPage, openTab, screenshot } from './browser';

/**
 * The Inbox tab in a real Chromium, logged in with an agent key: handoffs appear live (one through
 * the API, one published by a second process as the worker does), with a notification and a count
 * in the title; the agent claims one, answers, writes a note and gives it back to the bot, and sees
 * another agent's claim. Markup in a note and in an agent's name is shown as text.
 */
const api = useAdminApi();
const AGENT_NAME_PAYLOAD = `<img src=x onerror="window.__xss='agent name'">Ann`;
const NOTE_PAYLOAD = `<script>window.__xss='note'</script><img src=x onerror="window.__xss='note'"> offer a refund`;
const TITLE = 'Chatbot admin';
let baseUrl: string;
let browser: Browser;
let secondProcess: Redis;
let outbound: Queue;

beforeAll(async () => {
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  secondProcess = createRedis(REDIS_URL);
  outbound = new Queue(outboundQueueName('web'), { connection: api.redis, prefix: api.prefix });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await outbound?.close();
  secondProcess?.disconnect();
});

/** Replaces the Notification API with one that records what the page shows (as if the agent had allowed notifications). */
async function recordNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shown: Array<{ title: string; body: string }> = [];
    Object.assign(window, { __notifications: shown });
    window.Notification = class {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      constructor(title: string, options: NotificationOptions) {
        shown.push({ title, body: String(options.body) });
      }
      addEventListener() {}
    } as unknown as typeof Notification;
  });
}

const notifications = (page: Page) => page.evaluate(() => (window as unknown as { __notifications: Array<{ title: string; body: string }> }).__notifications);
const ranScript = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: string }).__xss ?? null);
const row = (page: Page, conversationId: string) => page.locator(`#inbox-list tr[data-conversation-id="${conversationId}"]`);

describe('the Inbox tab for an agent', () => {
  it('shows handoffs live, and lets the agent claim one, answer it, note it and release it', async () => {
    const sam = await createAgentKey(api, 'Sam');
    const ann = await createAgentKey(api, AGENT_NAME_PAYLOAD);
    const { page, pageErrors } = await newDashboardPage(browser);
    await recordNotifications(page);
    await logIn(page, baseUrl, sam.key);

    // An agent key sees the Inbox and nothing else.
    expect(await page.locator('#whoami').textContent()).toBe('Sam (agent)');
    expect(await page.locator('#tabs a').allTextContents()).toEqual(['Inbox']);
    expect(await page.locator('#queues-link').isVisible()).toBe(false);
    await expect.poll(() => page.locator('#inbox-list').textContent()).toBe('Nobody is waiting for a person.');
    expect(await page.locator('#inbox-live').textContent()).toBe('live');
    expect(await page.title()).toBe(TITLE);

    // A handoff through the API appears without a reload, with a notification and the count in the title.
    const parcel = await storeMessage(api.db, {
      userId: 'parcel-customer',
      text: 'my parcel A-1001 never came, I want a person',
      intent: 'order_status',
      topIntents: [
        { intent: 'order_status', score: 0.41 },
        { intent: 'complaint', score: 0.33 },
      ],
      dialogueState: { slots: { order_number: { value: 'A-1001', text: 'A-1001', turnId: null, setAt: new Date().toISOString() } }, form: null, paused: [] },
    });
    const parcelId = parcel.conversation.id;
    expect((await api.call('POST', `/api/v1/conversations/${parcelId}/handoff`)).status).toBe(200);
    await expect.poll(() => row(page, parcelId).count()).toBe(1);
    expect(await row(page, parcelId).locator('td').allTextContents()).toEqual([
      expect.stringMatching(/^\d+ s$/),
      'parcel-customer',
      'web · en',
      'order_status 0.41complaint 0.33',
      'order_number = A-1001',
      'waiting',
    ]);
    await expect.poll(() => page.title()).toBe(`(1) Inbox · ${TITLE}`);
    expect(await notifications(page)).toEqual([{ title: 'Waiting for a person', body: 'parcel-customer on web' }]);

    // A worker hands off in the database and publishes the change from its own process.
    const refund = await storeMessage(api.db, { userId: 'refund-customer', text: 'refund please, a human' });
    const refundId = refund.conversation.id;
    await setConversationStatus(api.db, refundId, 'handed_off');
    await publishPlatformEvent(secondProcess, api.prefix, 'inbox.changed', { conversationId: refundId, change: 'handed_off' });
    await expect.poll(() => page.locator('#inbox-list tbody tr').count()).toBe(2);
    await expect.poll(() => page.title()).toBe(`(2) Inbox · ${TITLE}`);
    // Longest waiting first.
    expect(await page.locator('#inbox-list tbody tr').evaluateAll((rows) => rows.map((tr) => (tr as HTMLElement).dataset.conversationId))).toEqual([parcelId, refundId]);
    expect((await notifications(page)).map((shown) => shown.body)).toEqual(['parcel-customer on web', 'refund-customer on web']);

    // Another agent claims the second: Sam sees who has it, its name shown as text.
    expect((await api.call('POST', `/api/v1/conversations/${refundId}/claim`, { token: ann.key })).status).toBe(200);
    await expect.poll(() => row(page, refundId).locator('.claim').textContent()).toBe(`claimed by ${AGENT_NAME_PAYLOAD}`);
    await expect.poll(() => page.title()).toBe(`(1) Inbox · ${TITLE}`);
    await row(page, refundId).click();
    await expect.poll(() => page.locator('#inbox-claim').textContent()).toBe(`claimed by ${AGENT_NAME_PAYLOAD}`);
    expect(await page.locator('#inbox-reply').isVisible()).toBe(false); // not Sam's to answer
    expect(await page.locator('#inbox-claim-button').isVisible()).toBe(false);

    // Sam claims the first.
    await row(page, parcelId).click();
    await expect.poll(() => page.locator('#inbox-detail h2').textContent()).toBe('parcel-customer');
    expect(await page.locator('#inbox-transcript .turn-user .turn-text').textContent()).toBe('my parcel A-1001 never came, I want a person');
    expect(await page.locator('#collected-slots [data-slot="order_number"]').count()).toBe(1);
    await page.click('#inbox-claim-button');
    await expect.poll(() => page.locator('#inbox-claim').textContent()).toBe('claimed by you');
    await expect.poll(() => row(page, parcelId).locator('.claim').textContent()).toBe('claimed by you');
    await expect.poll(() => page.title()).toBe(TITLE);
    expect(await api.db.conversation.findUniqueOrThrow({ where: { id: parcelId } })).toMatchObject({ claimedById: sam.id });

    // A reply goes to the user's channel under Sam's name.
    await page.fill('#inbox-reply-text', 'Hi, this is Sam. Let me look at A-1001.');
    await page.click('#inbox-reply-send');
    await expect.poll(() => page.locator('#inbox-transcript .turn-agent .turn-text').textContent()).toBe('Hi, this is Sam. Let me look at A-1001.');
    expect(await page.locator('#inbox-transcript .turn-agent strong').textContent()).toBe('agent Sam');
    expect(await page.locator('#inbox-reply-text').inputValue()).toBe('');
    const [job] = await outbound.getJobs(['waiting']);
    expect(job!.data).toMatchObject({ kind: 'agent', agentName: 'Sam', text: 'Hi, this is Sam. Let me look at A-1001.', conversationKey: 'web:parcel-customer' });

    // A note, its markup shown as text; it is no message to the user.
    await page.fill('#inbox-note-text', NOTE_PAYLOAD);
    await page.click('#inbox-note-send');
    await expect.poll(() => page.locator('#inbox-notes .note-text').textContent()).toBe(NOTE_PAYLOAD);
    expect(await page.locator('#inbox-notes .note strong').textContent()).toBe('Sam');
    expect(await page.locator('#inbox-notes img, #inbox-notes script, #inbox-list img').count()).toBe(0);
    expect(await outbound.getWaitingCount()).toBe(1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'inbox');

    // Released to the bot: it leaves the inbox.
    await page.click('#inbox-release');
    await expect.poll(() => row(page, parcelId).count()).toBe(0);
    expect(await page.locator('#inbox-claim').textContent()).toBe('Back with the bot: it answers the user again.');
    expect(await api.db.conversation.findUniqueOrThrow({ where: { id: parcelId } })).toMatchObject({ status: 'open', claimedById: null });
    expect(await page.title()).toBe(TITLE); // the one left waiting is Ann's

    expect(await ranScript(page)).toBeNull();
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);
});

describe('the Inbox tab for admins and viewers', () => {
  it('lets an admin stand in for agents (answer, release, close; claims are for agents) and a viewer only read', async () => {
    const id = await waitingConversation(api, { userId: 'stand-in-customer', text: 'is anybody there?' });
    const viewer = await api.call('POST', '/api/v1/api-keys', { body: { name: 'inbox-reader', role: 'viewer' } });
    for (const [token, role] of [
      [ADMIN_TOKEN, 'admin'],
      [viewer.json.key as string, 'viewer'],
    ] as const) {
      const { page, pageErrors } = await newDashboardPage(browser);
      await logIn(page, baseUrl, token);
      expect(await page.locator('#tabs a').allTextContents()).toContain('Inbox');
      await openTab(page, 'inbox');
      await row(page, id).click();
      await expect.poll(() => page.locator('#inbox-detail h2').textContent()).toBe('stand-in-customer');
      expect(await page.locator('#inbox-claim-button').isVisible(), role).toBe(false);
      for (const control of ['#inbox-reply', '#inbox-release', '#inbox-close', '#inbox-note']) {
        expect(await page.locator(control).isVisible(), `${role}: ${control}`).toBe(role === 'admin');
      }
      expect(pageErrors).toEqual([]);
      await page.close();
    }
  }, 30_000);
});
