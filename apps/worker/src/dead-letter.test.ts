import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apologyFor } from './dead-letter';

const message = (text: string) => ({
  id: randomUUID(),
  channel: 'web',
  nativeMessageId: 's1:m1',
  conversationKey: 'web:s1',
  user: { id: 's1' },
  text,
  metadata: {},
  seq: 1,
  receivedAt: new Date().toISOString(),
});
const job = (text: string, attemptsMade: number) => ({ id: 'web.s1%3Am1', data: message(text), attemptsMade, opts: { attempts: 5 } });

describe('apologyFor', () => {
  it('says nothing while the job will be tried again', () => {
    expect(apologyFor(job('where is my order?', 3), new Error('a bug'))).toBeNull();
  });

  it("apologises in the message's language once the last attempt failed, as a system reply to that message", () => {
    expect(apologyFor(job('where is my order?', 5), new Error('a bug'))).toMatchObject({
      seq: 1,
      reply: {
        channel: 'web',
        conversationKey: 'web:s1',
        replyTo: 's1:m1',
        kind: 'system',
        language: 'en',
        idempotencyKey: 'failed.web.s1%3Am1',
        text: expect.stringMatching(/^Sorry, something went wrong on our side/),
      },
    });
    expect(apologyFor(job('我的订单到哪了', 5), new Error('a bug'))?.reply.text).toMatch(/^抱歉/);
  });

  it('apologises at once for an unrecoverable failure, and never for a payload that is not a message', () => {
    const unrecoverable = Object.assign(new Error('poison'), { name: 'UnrecoverableError' });
    expect(apologyFor(job('hi', 1), unrecoverable)?.reply.kind).toBe('system');
    expect(apologyFor({ ...job('hi', 5), data: { nonsense: true } }, new Error('bad'))).toBeNull();
  });
});
