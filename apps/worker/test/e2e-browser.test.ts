import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listReviewQueue } from '@chatbot/db';
import { createPlatformFixture, type PlatformFixture } from './platform-fixture';
import { startWorker } from '../src/worker-process';

/**
 * The whole path with real parts: Chromium -> chat page -> adapters process (WebSocket) -> Redis ->
 * this worker (model + PostgreSQL) -> Redis -> adapters -> page.
 */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const adaptersMain = fileURLToPath(new URL('../../adapters/src/main.ts', import.meta.url));

let platform: PlatformFixture;
let worker: Awaited<ReturnType<typeof startWorker>>;
let adapters: ChildProcess;
let chatUrl: string;
let browser: Browser;

/** Starts the adapters process on a free port and resolves with the chat page's URL from its log. */
function startAdapters(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(tsx, [adaptersMain], { env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`adapters process exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'web chat listening' && entry.url) resolve({ child, url: entry.url });
    });
  });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  platform = await createPlatformFixture();
  worker = await startWorker(platform.config, platform.logger, { metricsPort: null });
  const started = await startAdapters({ REDIS_URL: platform.config.REDIS_URL, REDIS_PREFIX: platform.config.REDIS_PREFIX });
  adapters = started.child;
  chatUrl = started.url;
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  adapters?.kill('SIGTERM');
  await worker?.close();
  await platform?.dispose();
});

async function say(page: Page, text: string) {
  await page.fill('#chat-input', text);
  await page.press('#chat-input', 'Enter');
}

describe('chatting on the web page end to end', () => {
  it('asks for the order number and answers with it, in the language of the question; keeps the history across a reload and stores the turns', async () => {
    const page = await browser.newPage();
    await page.goto(chatUrl);
    await page.waitForSelector('#chat-status[data-state="online"]');

    await say(page, 'where is my order?');
    await expect.poll(() => page.locator('.msg-bot').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('.msg-bot').last().textContent()).toMatch(/order number/i);
    await say(page, "it's 48213");
    await expect.poll(() => page.locator('.msg-bot').count(), { timeout: 15_000 }).toBe(2);
    // The bot remembers the number for the rest of the conversation: asked again in Chinese, it does not ask again.
    await say(page, '我的订单到哪了');
    await expect.poll(() => page.locator('.msg-bot').count(), { timeout: 15_000 }).toBe(3);
    const [question, english, chinese] = await page.locator('.msg-bot').allTextContents();
    expect(english).toContain('48213');
    expect(english).not.toMatch(/[\u4e00-\u9fff]/);
    expect(chinese).toContain('48213');
    expect(chinese).toMatch(/[\u4e00-\u9fff]/);

    await page.reload();
    await page.waitForSelector('#chat-status[data-state="online"]');
    await expect.poll(() => page.locator('#chat-log .msg').allTextContents()).toEqual(['where is my order?', question, "it's 48213", english, '我的订单到哪了', chinese]);

    const turns = await platform.db.turn.findMany({ where: { channel: 'web' }, orderBy: [{ createdAt: 'asc' }, { direction: 'asc' }] });
    expect(turns.map((t) => [t.direction, t.text])).toEqual([
      ['inbound', 'where is my order?'],
      ['outbound', question],
      ['inbound', "it's 48213"],
      ['outbound', english],
      ['inbound', '我的订单到哪了'],
      ['outbound', chinese],
    ]);
    for (const inbound of [turns[0]!, turns[4]!]) {
      expect(inbound.intent).toBe('order_status');
      expect(inbound.confidence).toBeGreaterThan(0);
      expect(inbound.modelVersion).toBe(worker.registry.version);
    }
    expect(turns[2]!.entities).toEqual([expect.objectContaining({ type: 'order_id', value: '48213' })]);
    await page.close();
  }, 60_000);

  it("stores a 'Not helpful' rating of the bot's reply, which puts the question in the review queue and stays pressed after a reload", async () => {
    const page = await browser.newPage();
    await page.goto(chatUrl);
    await page.waitForSelector('#chat-status[data-state="online"]');
    await say(page, 'do you gift wrap presents');
    await expect.poll(() => page.locator('.msg-bot').count(), { timeout: 15_000 }).toBe(1);

    await page.click('.rating-down');
    const question = () => platform.db.turn.findFirstOrThrow({ where: { text: 'do you gift wrap presents' }, include: { reply: true } });
    await expect.poll(async () => (await question()).reply?.helpful, { timeout: 10_000 }).toBe(false);
    const { items } = await listReviewQueue(platform.db);
    expect(items.map((item) => item.turnId)).toContain((await question()).id);

    await page.reload();
    await page.waitForSelector('#chat-status[data-state="online"]');
    await expect.poll(() => page.locator('.rating-down').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.rating-up').getAttribute('aria-pressed')).toBe('false');
    await page.close();
  }, 60_000);
});
