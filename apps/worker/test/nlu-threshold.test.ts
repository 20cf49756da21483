import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundMessageSchema } from '@chatbot/core';
import { getActiveModelVersion } from '@chatbot/db';
import { loadIntentModel } from '@chatbot/model';
import { createPlatformFixture, type PlatformFixture } from './platform-fixture';
import { startWorker } from '../src/worker-process';

let platform: PlatformFixture;
let worker: Awaited<ReturnType<typeof startWorker>>;

beforeAll(async () => {
  platform = await createPlatformFixture();
  // The strictest setting: no answer is sure enough, so every message gets the fallback reply.
  worker = await startWorker({ ...platform.config, TRAINING_ENABLED: false, NLU_THRESHOLD: 1 }, platform.logger, { metricsPort: null });
}, 180_000);

afterAll(async () => {
  await worker?.close();
  await platform?.dispose();
});

describe("the operator's fallback threshold (NLU_THRESHOLD)", () => {
  it('replaces the calibrated threshold of the model the worker answers with', async () => {
    const active = (await getActiveModelVersion(platform.db))!;
    const calibrated = await loadIntentModel(active.artefactPath);
    expect(calibrated.threshold).toBeLessThan(1);
    expect(calibrated.predict('where is my order?')).toMatchObject({ intent: 'order_status', outOfScope: false });
    calibrated.dispose();
    expect(worker.registry.threshold).toBe(1);
  });

  it('gives the fallback reply to a message the calibrated model answers, and stores the best intent it was not sure enough of', async () => {
    const before = (await platform.waitForReplies(0)).length;
    await platform.publisher.publish({ channel: 'web', nativeMessageId: 'strict-1', conversationKey: 'web:strict-1', user: { id: 'u1' }, text: 'where is my order?' });
    const [reply] = (await platform.waitForReplies(before + 1)).slice(before).map((job) => OutboundMessageSchema.parse(job.data));
    expect(reply).toMatchObject({ replyTo: 'strict-1', intent: null });
    const inbound = await platform.db.turn.findFirstOrThrow({ where: { nativeMessageId: 'strict-1' } });
    expect(inbound).toMatchObject({ intent: null, outOfScope: true });
    expect(inbound.confidence).toBeLessThan(1);
    expect(inbound.topIntents).toMatchObject([{ intent: 'order_status' }, {}, {}]);
  });
});
