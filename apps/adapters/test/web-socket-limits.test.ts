import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentMessage } from './support/agent-message';
import { TestSocket } from './support/test-socket';
import { startWebPlatform, type WebPlatform } from './support/web-platform';

let platform: WebPlatform;
beforeAll(async () => {
  platform = await startWebPlatform({ socketLimits: { helloTimeoutMs: 300, heartbeatMs: 200, connectionsPerAddress: 3, pendingFrames: 5 } });
});
afterAll(async () => {
  await platform?.stop();
});

describe('web channel: what one socket may cost', () => {
  it('closes a connection that never says hello (1008)', async () => {
    const silent = await TestSocket.open(platform.wsUrl);
    expect(await silent.closed).toEqual({ code: 1008, reason: 'no hello' });
  });

  it('keeps a greeted, quiet chat open: browsers answer the heartbeat by themselves', async () => {
    const [quiet] = await TestSocket.greet(platform.wsUrl);
    await new Promise((resolve) => setTimeout(resolve, 700));
    quiet.send({ type: 'ping' });
    expect(await quiet.next('pong')).toEqual({ type: 'pong' });
    await quiet.close();
  });

  it('drops a client that stopped answering pings (gone without closing)', async () => {
    const gone = new WebSocket(platform.wsUrl, { autoPong: false });
    await new Promise((resolve) => gone.once('open', resolve));
    gone.send(JSON.stringify({ type: 'hello' }));
    const closed = await new Promise<number>((resolve) => gone.once('close', (code) => resolve(code)));
    expect(closed).toBe(1006); // terminated: no closing handshake for a peer that does not answer
  });

  it('refuses more open sockets per address than allowed (1013), and takes one again once one closes', async () => {
    const open = await Promise.all([1, 2, 3].map(() => TestSocket.greet(platform.wsUrl)));
    const extra = await TestSocket.open(platform.wsUrl);
    expect(await extra.closed).toEqual({ code: 1013, reason: 'too many connections from your address' });
    await open[0]![0].close();
    const [again] = await TestSocket.greet(platform.wsUrl);
    await Promise.all([again.close(), ...open.slice(1).map(([socket]) => socket.close())]);
  });

  it('disconnects a client that floods frames faster than they are handled (1008)', async () => {
    const [flood] = await TestSocket.greet(platform.wsUrl);
    for (let i = 0; i < 50; i++) flood.send({ type: 'message', clientMessageId: `f${i}`, text: `flood ${i}` });
    expect(await flood.closed).toEqual({ code: 1008, reason: 'too many frames' });
  });
});

describe('web channel: a client that stops reading', () => {
  let readers: WebPlatform;
  beforeAll(async () => {
    readers = await startWebPlatform({ socketLimits: { maxBufferedBytes: 256 * 1024 } });
  });
  afterAll(async () => {
    await readers?.stop();
  });

  it('is dropped once its unread replies pass the limit, and finds the latest replies in its history when it comes back', async () => {
    const [stalled, welcome] = await TestSocket.greet(readers.wsUrl);
    stalled.pauseReading();
    // 600 replies of 32 KB: far more than the kernel's socket buffers hold, so the server's own queue passes its 256 KiB.
    const delivered = 600;
    for (let i = 0; i < delivered; i++) {
      const text = `reply ${i} `.padEnd(32_000, 'x');
      await readers.adapter.deliver(agentMessage({ channel: 'web', conversationKey: `web:${welcome.sessionId}`, text }));
    }
    stalled.resumeReading();
    expect((await stalled.closed).code).toBe(1006); // dropped, without a closing handshake
    expect(stalled.unread('reply').length).toBeLessThan(delivered);

    const [back, again] = await TestSocket.greet(readers.wsUrl, { sessionId: welcome.sessionId });
    expect(again.resumed).toBe(true);
    expect(again.history.at(-1)).toMatchObject({ role: 'bot', seq: delivered, text: expect.stringMatching(`^reply ${delivered - 1} `) });
    await back.close();
  }, 20_000);
});
