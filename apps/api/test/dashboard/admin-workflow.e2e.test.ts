import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, logIn, newDashboardPage, openTab, screenshot } from './browser';
import { startFullStack, type FullStack } from './full-stack';

/**
 * The admin workflow of the README, end to end in Chromium with every process real: users ask about
 * something the default bot does not know -> the messages fall back -> an admin labels them with a
 * new intent in the dashboard and writes its replies -> trains -> the new version serves -> the same
 * question now gets the new reply. Screenshots of each tab: see SCREENSHOT_DIR in browser.ts.
 */
const ADMIN_TOKEN = 'dashboard-e2e-admin-token-0123';
// The default bot has no gift-wrapping intent (data/default-bot/intents.json). Its model answered
// these with a fallback in trial runs (other phrasings land on some intent with low confidence);
// training is not bit-for-bit repeatable, so the test labels those that did fall back, at least MIN_FALLBACKS.
const MIN_FALLBACKS = 6;
const GIFT_WRAP_QUESTIONS = [
  'I would like it gift wrapped',
  'how much does gift wrapping cost',
  'could you wrap it in festive paper',
  'wrap it up nicely with a ribbon please',
  'add a bow and wrapping paper',
  'can you put a ribbon on it',
  'do you have christmas wrapping paper',
  'could the box be wrapped',
  'festive wrapping please',
  'can you include a gift message and wrapping',
];
/** Written by the admin with the new intent: a new intent learnt from a handful of messages alone is fragile. */
const GIFT_WRAP_PHRASES = [
  'please gift wrap my order',
  'I need gift wrapping',
  'can it come wrapped as a present',
  'do you offer gift wrap',
  'wrap this as a gift',
  'is gift wrapping available',
];
const GIFT_WRAP_REPLY = 'Yes! We gift-wrap any order for free: tick "gift wrap" at checkout.';
const GIFT_WRAP_REPLY_ZH = '可以！所有订单都可免费礼品包装：结账时勾选“礼品包装”即可。';

let stack: FullStack;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  stack = await startFullStack(ADMIN_TOKEN);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Asks one question as a new web chat user (a fresh browser context) and resolves with the bot's reply. */
async function askAsNewUser(question: string): Promise<string> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(stack.chatUrl);
    await page.waitForSelector('#chat-status[data-state="online"]');
    await page.fill('#chat-input', question);
    await page.press('#chat-input', 'Enter');
    await page.waitForSelector('.msg-bot', { timeout: 20_000 });
    return (await page.locator('.msg-bot').first().textContent())!;
  } finally {
    await context.close();
  }
}

async function runStatus(page: Page): Promise<string | null> {
  return page.locator('#training-runs tbody tr').first().getAttribute('data-status');
}

describe('the admin workflow in the dashboard', () => {
  it('turns fallbacks into a new intent that the bot answers after retraining', async () => {
    const firstReplies = await Promise.all(GIFT_WRAP_QUESTIONS.map(askAsNewUser));
    expect(firstReplies).not.toContain(GIFT_WRAP_REPLY);
    const fellBack = (await stack.db.turn.findMany({ where: { direction: 'inbound', outOfScope: true } })).map((turn) => turn.text).sort();
    expect(fellBack.length).toBeGreaterThanOrEqual(MIN_FALLBACKS);

    const { page, pageErrors } = await newDashboardPage(browser);
    await page.goto(`${stack.apiUrl}/admin`);
    await screenshot(page, 'login');
    await logIn(page, stack.apiUrl, ADMIN_TOKEN);

    // Conversations: searched for a word, one of the chats read in full.
    await page.fill('#conversation-filters input[name="q"]', 'ribbon');
    await page.click('#conversation-filters button[type="submit"]');
    await expect.poll(() => page.locator('#conversation-list tbody tr').count()).toBe(GIFT_WRAP_QUESTIONS.filter((q) => q.includes('ribbon')).length);
    await page.locator('#conversation-list tbody tr').first().click();
    await expect.poll(() => page.locator('#conversation-detail .turn').count()).toBe(2);
    await screenshot(page, 'conversations');

    // Review queue: every gift-wrapping question, bulk-labelled with a new intent.
    await openTab(page, 'review');
    await expect.poll(() => page.locator('.review-item').count()).toBe(fellBack.length);
    await page.check('#select-all');
    await page.fill('#bulk-intent', 'gift_wrap');
    await screenshot(page, 'review-queue');
    await page.click('#bulk-label');
    await expect.poll(() => page.locator('#review-list').textContent()).toBe('Nothing to review.');
    const labels = await stack.db.label.findMany({ include: { turn: true } });
    expect(labels.map((label) => [label.turn.text, label.intent]).sort()).toEqual(fellBack.map((text) => [text, 'gift_wrap']));

    // Intents: the new intent gets its replies, in English and Chinese.
    await openTab(page, 'intents');
    await page.click('#intent-list [data-intent="gift_wrap"]');
    for (const [language, text] of [
      ['en', GIFT_WRAP_REPLY],
      ['zh', GIFT_WRAP_REPLY_ZH],
    ] as const) {
      await page.fill(`[data-language="${language}"] textarea[aria-label="New ${language} reply"]`, text);
      await page.click(`[data-language="${language}"] button:has-text("Add reply")`);
      await expect.poll(() => page.locator(`[data-language="${language}"] .response textarea`).inputValue()).toBe(text);
    }
    // ... and a few phrases of its own, as an admin writes them next to the labelled messages.
    await page.fill('textarea[aria-label="New training phrases"]', GIFT_WRAP_PHRASES.join('\n'));
    await page.click('#intent-examples button:has-text("Add phrases")');
    await expect.poll(() => page.locator('#intent-examples .example span').count()).toBe(GIFT_WRAP_PHRASES.length);
    await screenshot(page, 'intents');

    // Training: start a run, watch it progress and finish, read its evaluation.
    const activeBefore = await stack.db.modelVersion.findFirstOrThrow({ where: { isActive: true } });
    await openTab(page, 'training');
    await page.click('#start-training');
    await page.waitForSelector('#training-curves polyline', { timeout: 60_000 });
    await screenshot(page, 'training-progress');
    await expect.poll(() => runStatus(page), { timeout: 90_000, interval: 500 }).toBe('succeeded');
    await page.waitForSelector('#evaluation');
    const run = await stack.db.trainingRun.findFirstOrThrow({ where: { status: 'succeeded' } });
    const metrics = run.metrics as {
      modelVersion: string;
      evaluation: { macroF1: number; perIntent: Array<{ intent: string; support: number }> };
      promotion: { promote: boolean };
    };
    expect(await page.locator('[data-metric="macroF1"] .stat-value').textContent()).toBe(metrics.evaluation.macroF1.toFixed(3));
    expect(await page.locator('#per-intent tbody tr[data-intent="gift_wrap"]').count()).toBe(1);
    await screenshot(page, 'training-run');
    await page.locator('#evaluation').evaluate((section) => section.scrollIntoView());
    await screenshot(page, 'training-evaluation');

    // Model versions: the new model has never answered anyone (the old one scored 0 on gift_wrap,
    // so the gate promoted it): roll back, see the old one active, then promote the new one by hand.
    const newVersion = metrics.modelVersion;
    expect(metrics.promotion.promote).toBe(true);
    await openTab(page, 'models');
    await expect.poll(() => page.locator(`[data-version="${newVersion}"]`).getAttribute('data-active')).toBe('true');
    await page.click('#rollback');
    await expect.poll(() => page.locator(`[data-version="${activeBefore.version}"]`).getAttribute('data-active')).toBe('true');
    const logBeforePromotion = stack.worker.log.length;
    await page.click(`[data-version="${newVersion}"] button:has-text("Promote")`);
    await expect.poll(() => page.locator(`[data-version="${newVersion}"]`).getAttribute('data-active')).toBe('true');
    await screenshot(page, 'model-versions');
    // The rollback and this promotion reach the worker back to back: it either swaps to the new
    // version again or, when the rollback was overtaken while loading, confirms it never left it.
    await stack.worker.waitForLog(
      (entry) => (entry.msg === 'model activated' || entry.msg === 'model already active') && entry.modelVersion === newVersion,
      30_000,
      logBeforePromotion,
    );

    // The same questions now get the new intent's reply from the new version: the ones the model was
    // trained on, but for one at most (the trainer holds some labelled messages out to evaluate on; a
    // new intent learnt from a dozen phrases may still leave one of its own near the out-of-scope
    // threshold, and training is not bit-for-bit repeatable: 4 of 5 has been seen).
    const heldOut = metrics.evaluation.perIntent.find((scores) => scores.intent === 'gift_wrap')!.support;
    const askedAgainAt = new Date();
    const secondReplies = await Promise.all(fellBack.map(askAsNewUser));
    const answeredAsGiftWrap = secondReplies.filter((reply) => reply === GIFT_WRAP_REPLY).length;
    const asked = fellBack.map((question, i) => `${question} -> ${secondReplies[i]}`).join('\n');
    expect(answeredAsGiftWrap, `held out ${heldOut} of:\n${asked}`).toBeGreaterThanOrEqual(fellBack.length - heldOut - 1);
    const answered = await stack.db.turn.findMany({ where: { direction: 'inbound', createdAt: { gte: askedAgainAt } } });
    expect(answered.map((turn) => turn.modelVersion)).toEqual(fellBack.map(() => newVersion));
    expect(answered.filter((turn) => turn.intent === 'gift_wrap').length).toBe(answeredAsGiftWrap);

    // The queue board opens with the session of the dashboard, and shows the run's job (job id = run id).
    await page.goto(`${stack.apiUrl}/admin/queues/queue/training?status=completed`);
    await page.getByText(run.id).first().waitFor();
    await screenshot(page, 'queues');

    expect(pageErrors).toEqual([]);
    await page.close();
  }, 180_000);
});
