import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationSequence, INBOUND_QUEUE, OutboundMessageSchema, OutboundPublisher } from '@chatbot/core';
import { initBackend, loadIntentModel } from '@chatbot/model';
import { getActiveModelVersion } from '@chatbot/db';
import { createPlatformFixture, type PlatformFixture } from './platform-fixture';
import { repliesOnly } from '../src/bot-catalogue';
import { createInboundProcessor } from '../src/inbound-processor';
import { createWorkerMetrics } from '../src/worker-metrics';
import { startWorker } from '../src/worker-process';

let platform: PlatformFixture;
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

beforeAll(async () => {
  platform = await createPlatformFixture();
}, 180_000);

afterAll(async () => {
  await platform?.dispose();
});

const message = (id: string, text = 'where is my order?') => ({ channel: 'web', nativeMessageId: id, conversationKey: `web:${id}`, user: { id }, text });

describe('a worker that fails mid-job', () => {
  it('loses nothing and replies once when it fails after storing the turns but before queueing the reply', async () => {
    const active = await getActiveModelVersion(platform.db);
    const model = await loadIntentModel(active!.artefactPath, { backend: await initBackend('auto') });
    const replies = new OutboundPublisher(platform.redis, platform.config.REDIS_PREFIX);
    let failuresLeft = 1;
    const processor = createInboundProcessor({
      db: platform.db,
      sequence: new ConversationSequence(platform.redis, platform.config.REDIS_PREFIX),
      classify: async (text) => ({ prediction: model.predict(text), modelVersion: active!.version }),
      catalogue: () =>
        repliesOnly(
          new Map([
            ['fallback', { en: ['Sorry?'], zh: ['抱歉？'] }],
            ['order_status', { en: ['Checking your order.'], zh: ['正在查询。'] }],
          ]),
        ),
      publishReply: async (reply) => {
        if (failuresLeft-- > 0) throw new Error('simulated crash between storing and replying');
        return replies.publish(reply);
      },
      publishAction: () => Promise.reject(new Error('this bot has no actions')),
      announceInboxChange: async () => undefined,
      metrics: createWorkerMetrics(),
      logger: platform.logger,
    });
    const worker = new Worker(INBOUND_QUEUE, processor, { connection: platform.redis.duplicate(), prefix: platform.config.REDIS_PREFIX });
    try {
      const before = (await platform.waitForReplies(0)).length;
      await platform.publisher.publish(message('crash-once'));
      const replies = (await platform.waitForReplies(before + 1)).slice(before);
      await new Promise((r) => setTimeout(r, 500)); // a second reply, if any, would appear now
      expect((await platform.waitForReplies(0)).length).toBe(before + 1);
      expect(OutboundMessageSchema.parse(replies[0]?.data).text).toBe('Checking your order.');
      const turns = await platform.db.turn.count({ where: { conversation: { conversationKey: 'web:crash-once' } } });
      expect(turns).toBe(2);
      expect(failuresLeft).toBeLessThan(0);
    } finally {
      await worker.close();
      await replies.close();
      model.dispose();
    }
  }, 60_000);

  it('lets another worker finish the messages of a worker process that was killed, with one reply each', async () => {
    const before = (await platform.waitForReplies(0)).length;
    // One process (node with tsx's loader), not the tsx CLI, whose SIGKILL would orphan the real worker.
    const child = spawn(process.execPath, ['--import', tsxLoader, fileURLToPath(new URL('../src/main.ts', import.meta.url))], {
      env: { ...process.env, ...Object.fromEntries(Object.entries(platform.config).map(([k, v]) => [k, String(v)])), LOG_LEVEL: 'silent', WORKER_CONCURRENCY: '4' },
      stdio: 'ignore',
    });
    const count = 30;
    const publish = (i: number) => platform.publisher.publish(message(`killed-${i}`, i % 2 ? 'I want a refund' : '我的快递到哪了'));
    await publish(0);
    await platform.waitForReplies(before + 1, 60_000); // the child is up and answering
    await Promise.all(Array.from({ length: count - 1 }, (_, i) => publish(i + 1)));
    child.kill('SIGKILL');
    const answeredBeforeKill = (await platform.waitForReplies(0)).length - before;
    expect(answeredBeforeKill).toBeLessThan(count); // so the rescuer really has work left over
    const rescuer = await startWorker(platform.config, platform.logger, { metricsPort: null });
    try {
      const replies = (await platform.waitForReplies(before + count, 60_000)).slice(before);
      await new Promise((r) => setTimeout(r, 1000));
      expect((await platform.waitForReplies(0)).length - before).toBe(count);
      const repliedTo = replies.map((job) => OutboundMessageSchema.parse(job.data).replyTo).sort();
      expect(new Set(repliedTo).size).toBe(count);
      const stored = await platform.db.turn.count({ where: { conversation: { conversationKey: { startsWith: 'web:killed-' } } } });
      expect(stored).toBe(2 * count);
    } finally {
      await rescuer.close();
    }
  }, 120_000);
});
