import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { OutboundMessageSchema } from '@chatbot/core';
import { chromium, type Browser, type Page, type WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentMessage, deliverAgentMessage } from './support/agent-message';
import { echoOf } from './support/fake-worker';
import { queuedRatings } from './support/queued-ratings';
import { startWebPlatform, type WebPlatform } from './support/web-platform';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let platform: WebPlatform;
let browser: Browser;
beforeAll(async () => {
  // A missing browser fails the suite loudly; it must never turn into a silent skip.
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  platform = await startWebPlatform();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

/** Fails the test if the page ever opens a dialog (an executed alert() from injected HTML). */
function forbidDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

async function say(page: Page, text: string) {
  await page.fill('#chat-input', text);
  await page.press('#chat-input', 'Enter');
}

describe('web chat page in Chromium', () => {
  it('sends, shows the reply, shows HTML as text, and keeps the history across a reload', async () => {
    const page = await browser.newPage();
    const dialogs = forbidDialogs(page);
    await page.goto(platform.url);
    await page.waitForSelector('#chat-status[data-state="online"]');

    await say(page, 'where is my order?');
    await expect.poll(() => page.locator('.msg-bot').allTextContents()).toEqual([echoOf('where is my order?')]);

    const html = '<img src=x onerror=alert(1)>';
    await say(page, html);
    await expect.poll(() => page.locator('.msg-bot').allTextContents()).toEqual([echoOf('where is my order?'), echoOf(html)]);
    expect(await page.locator('.msg-user').allTextContents()).toEqual(['where is my order?', html]);
    expect(await page.locator('#chat-log img').count()).toBe(0);

    await page.reload();
    await page.waitForSelector('#chat-status[data-state="online"]');
    await expect.poll(() => page.locator('#chat-log .msg').allTextContents()).toEqual(['where is my order?', echoOf('where is my order?'), html, echoOf(html)]);
    expect(await page.locator('#chat-log img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.close();
  }, 30_000);

  it('sends messages refused as too many in a minute again after the wait, in the order typed, and shows that they wait', async () => {
    const limited = await startWebPlatform({ rateLimits: { messagesPerWindow: 2, sessionsPerWindow: 10, windowMs: 4000 } });
    const page = await browser.newPage();
    try {
      await page.goto(limited.url);
      await page.waitForSelector('#chat-status[data-state="online"]');
      const texts = ['one', 'two', 'three', 'four'];
      for (const text of texts) await say(page, text);
      await expect.poll(() => page.locator('.msg-user[data-state="waiting"] .msg-error').count()).toBeGreaterThan(0);
      expect(await page.locator('.msg-user[data-state="waiting"] .msg-error').first().textContent()).toMatch(/^Too many messages in a minute: sending it in \d s$/);
      await expect.poll(() => page.locator('.msg-bot').allTextContents(), { timeout: 15_000 }).toEqual(texts.map(echoOf));
      expect(await page.locator('.msg-user[data-state="sent"]').count()).toBe(4);
      expect(await page.locator('.msg-error').count()).toBe(0);
    } finally {
      await page.close();
      await limited.stop();
    }
  }, 30_000);

  it('rates a reply with Not helpful, then takes the rating back with a second click', async () => {
    const page = await browser.newPage();
    await page.goto(platform.url);
    await page.waitForSelector('#chat-status[data-state="online"]');
    await say(page, 'is this any good?');
    await expect.poll(() => page.locator('.msg-bot').count()).toBe(1);

    await page.click('.rating-down');
    await expect.poll(() => page.locator('.rating-down').getAttribute('aria-pressed')).toBe('true');
    await page.click('.rating-down');
    await expect.poll(() => page.locator('.rating-down').getAttribute('aria-pressed')).toBe('false');
    const ratings = async () => (await queuedRatings(platform.redis, platform.prefix)).map((rating) => rating.helpful);
    await expect.poll(ratings).toEqual([false, null]);
    await page.close();
  }, 30_000);

  it('shows buttons under a reply as text: a click sends its text once, however fast it is clicked twice, and a link opens in a new tab', async () => {
    const page = await browser.newPage();
    const dialogs = forbidDialogs(page);
    await page.goto(platform.url);
    await page.waitForSelector('#chat-status[data-state="online"]');
    const sessionId = await page.evaluate(() => localStorage.getItem('chatbot.sessionId'));
    const html = '<img src=x onerror=alert(1)>';
    const reply = OutboundMessageSchema.parse({
      ...agentMessage({ channel: 'web', conversationKey: `web:${sessionId}`, text: 'Pick one:' }),
      kind: 'bot',
      buttons: [
        { type: 'reply', label: 'Track order', text: 'track my order' },
        { type: 'reply', label: html },
        { type: 'link', label: 'Opening hours', url: 'https://shop.example/hours' },
      ],
    });
    await platform.adapter.deliver(reply);
    await page.waitForSelector('.buttons button');
    expect(await page.locator('.buttons button').allTextContents()).toEqual(['Track order', html]);
    expect(await page.locator('#chat-log img').count()).toBe(0);
    const link = page.locator('.buttons a');
    expect(await link.textContent()).toBe('Opening hours');
    expect([await link.getAttribute('href'), await link.getAttribute('target'), await link.getAttribute('rel')]).toEqual([
      'https://shop.example/hours',
      '_blank',
      'noopener noreferrer',
    ]);

    const before = await platform.inboundJobCount();
    await page.locator('.buttons button', { hasText: 'Track order' }).dblclick();
    await expect.poll(() => page.locator('.msg-bot').allTextContents()).toEqual(['Pick one:', echoOf('track my order')]);
    expect(await page.locator('.msg-user').allTextContents()).toEqual(['track my order']);
    expect(await page.locator('.buttons button:disabled').count()).toBe(2);
    expect(await page.locator('.buttons button[aria-pressed="true"]').allTextContents()).toEqual(['Track order']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await platform.inboundJobCount()).toBe(before + 1);

    // After a reload the reply is still answered: its buttons come back disabled.
    await page.reload();
    await page.waitForSelector('#chat-status[data-state="online"]');
    await expect.poll(() => page.locator('#chat-log .msg').allTextContents()).toEqual(['Pick one:', 'track my order', echoOf('track my order')]);
    expect(await page.locator('.buttons button:disabled').count()).toBe(2);
    expect(await page.locator('.buttons button[aria-pressed="true"]').allTextContents()).toEqual(['Track order']);
    expect(dialogs).toEqual([]);
    await page.close();
  }, 30_000);

  it('makes a link button a link only for an http or https URL, even if the server sent another', async () => {
    const page = await browser.newPage();
    const dialogs = forbidDialogs(page);
    // The server never sends such a URL (the reply schema refuses it): inject one into the socket.
    await page.routeWebSocket(/\/ws$/, (route) => {
      const server = route.connectToServer();
      server.onMessage((message) => {
        route.send(message);
        if (JSON.parse(String(message)).type !== 'welcome') return;
        const buttons = [
          { type: 'link', label: 'script', url: 'javascript:alert(1)' },
          { type: 'link', label: 'data', url: 'data:text/html,<script>alert(2)</script>' },
          { type: 'link', label: 'shop', url: 'http://shop.example/' },
        ];
        route.send(JSON.stringify({ type: 'reply', seq: 1000, id: randomUUID(), text: 'Links', buttons, replyTo: null, kind: 'bot', at: new Date().toISOString() }));
      });
    });
    await page.goto(platform.url);
    await page.waitForSelector('.buttons a');
    expect(await page.locator('.buttons a').allTextContents()).toEqual(['shop']);
    expect(await page.locator('.buttons').allTextContents()).toEqual(['shop']);
    expect(dialogs).toEqual([]);
    await page.close();
  }, 30_000);

  it('reconnects after the socket drops and shows a reply that arrived meanwhile', async () => {
    const page = await browser.newPage();
    // Every page socket goes through this proxy, so the test can cut it and refuse reconnects.
    let online = true;
    let current: WebSocketRoute | undefined;
    await page.routeWebSocket(/\/ws$/, (route) => {
      if (!online) return route.close();
      current = route;
      route.connectToServer();
    });
    await page.goto(platform.url);
    await page.waitForSelector('#chat-status[data-state="online"]');
    await say(page, 'anyone there?');
    await expect.poll(() => page.locator('.msg-bot').allTextContents()).toEqual([echoOf('anyone there?')]);
    const sessionId = await page.evaluate(() => localStorage.getItem('chatbot.sessionId'));

    online = false;
    await current!.close();
    await page.waitForSelector('#chat-status[data-state="offline"]');
    await deliverAgentMessage(platform, sessionId!, 'sorry for the wait');

    online = true;
    await page.waitForSelector('#chat-status[data-state="online"]', { timeout: 15_000 });
    await expect.poll(() => page.locator('.msg-bot').allTextContents()).toEqual([echoOf('anyone there?'), 'sorry for the wait']);
    await page.close();
  }, 30_000);

  it('embeds on another page with one script tag and chats from the widget', async () => {
    const page = await browser.newPage();
    await page.setContent(`<!doctype html><h1>Some shop</h1><script src="${platform.url}/widget.js" async></script>`);
    await page.click('#chatbot-widget-button');
    const panel = page.frameLocator('#chatbot-widget-panel');
    await panel.locator('#chat-status[data-state="online"]').waitFor();
    await panel.locator('#chat-input').fill('hello from the widget');
    await panel.locator('#chat-input').press('Enter');
    await expect.poll(() => panel.locator('.msg-bot').allTextContents()).toEqual([echoOf('hello from the widget')]);
    await page.close();
  }, 30_000);
});
