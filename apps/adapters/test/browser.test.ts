import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page, type WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverAgentMessage } from './support/agent-message';
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
