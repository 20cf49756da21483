import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishPlatformEvent } from '@chatbot/core';
import { activateModelVersion, getActiveModelVersion, registerModelVersion } from '@chatbot/db';
import { createPlatformFixture, type PlatformFixture } from './platform-fixture';
import { repliesTo, sendStream, settledInboundCounts } from './message-stream';
import { startWorker } from '../src/worker-process';

let platform: PlatformFixture;
let worker: Awaited<ReturnType<typeof startWorker>>;

beforeAll(async () => {
  platform = await createPlatformFixture();
  worker = await startWorker({ ...platform.config, TRAINING_ENABLED: false }, platform.logger, { metricsPort: null });
}, 180_000);

afterAll(async () => {
  await worker?.close();
  await platform?.dispose();
});

describe('rolling out a new model version', () => {
  it('answers every message of a steady stream during a promotion, each turn naming the version that answered it', async () => {
    const old = (await getActiveModelVersion(platform.db))!;
    // The artefact's content does not matter here, only that it is another version to swap to.
    const next = { version: `${old.version}-next`, artefactPath: join(platform.config.MODEL_DIR, `${old.version}-next`) };
    await cp(old.artefactPath, next.artefactPath, { recursive: true });
    await registerModelVersion(platform.db, { ...next, metrics: {}, activate: false });

    let promotedAt = Infinity;
    let firstIndexAfterSwap = -1;
    const sent = await sendStream(platform, {
      name: 'rollout',
      count: 200,
      conversations: 10,
      intervalMs: 15,
      beforeEach: async (index) => {
        if (index === 80) {
          promotedAt = Date.now();
          await activateModelVersion(platform.db, next.version);
          await publishPlatformEvent(platform.redis, platform.config.REDIS_PREFIX, 'model.promoted', next);
        }
        if (firstIndexAfterSwap < 0 && worker.registry.version === next.version) firstIndexAfterSwap = index;
      },
    });
    const replies = await repliesTo(platform, sent);

    expect(replies.size).toBe(sent.length);
    expect(await settledInboundCounts(platform)).toMatchObject({ completed: sent.length, failed: 0, waiting: 0, delayed: 0, active: 0 });

    const turns = await platform.db.turn.findMany({
      where: { direction: 'inbound', conversation: { conversationKey: { startsWith: 'web:rollout-' } } },
      include: { reply: true },
    });
    expect(turns).toHaveLength(sent.length);
    const versionOf = new Map(turns.map((t) => [t.nativeMessageId, t.modelVersion]));
    for (const turn of turns) {
      expect([old.version, next.version]).toContain(turn.modelVersion);
      expect(turn.reply?.modelVersion).toBe(turn.modelVersion);
      expect(replies.get(turn.nativeMessageId!)?.reply.modelVersion).toBe(turn.modelVersion);
    }
    // Answered before the promotion: the old version. Sent after the worker swapped: the new one.
    expect(firstIndexAfterSwap).toBeGreaterThan(80);
    for (const message of sent) {
      if (replies.get(message.nativeMessageId)!.queuedAt < promotedAt) expect(versionOf.get(message.nativeMessageId)).toBe(old.version);
      if (message.index >= firstIndexAfterSwap) expect(versionOf.get(message.nativeMessageId)).toBe(next.version);
    }
    // Within each conversation the versions never go back: old ... old, new ... new.
    for (let c = 0; c < 10; c++) {
      const versions = sent.filter((m) => m.conversationKey === `web:rollout-${c}`).map((m) => versionOf.get(m.nativeMessageId));
      expect(versions).toEqual([...versions].sort((a, b) => Number(a === next.version) - Number(b === next.version)));
    }
  }, 60_000);
});
