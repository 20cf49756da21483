import { createRedis } from '@chatbot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterMetrics, WebAdapter } from '../src';
import { echoOf } from './support/fake-worker';
import { REDIS_URL } from './support/redis';
import { TestSocket } from './support/test-socket';
import { startWebPlatform, type WebPlatform } from './support/web-platform';
import { unusedContext } from './support/unused-context';

let platform: WebPlatform;
beforeAll(async () => {
  platform = await startWebPlatform();
});
afterAll(async () => {
  await platform?.stop();
});

describe('web channel: HTTP endpoints', () => {
  it('serves the chat page with a same-origin-only content security policy', async () => {
    const response = await fetch(`${platform.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await response.text();
    expect(html).toContain('id="chat-log"');
    expect(html).toContain('src="chat.js"');
  });

  it.each(['/chat.js', '/chat.css', '/widget.js'])('serves %s', async (path) => {
    const response = await fetch(`${platform.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(path.endsWith('.css') ? /text\/css/ : /text\/javascript/);
  });

  it('serves an embed script that opens the chat page of its own server', async () => {
    const widget = await (await fetch(`${platform.url}/widget.js`)).text();
    expect(widget).toContain('document.currentScript');
    expect(widget).toContain("'/?embed=1'");
  });

  it('answers /healthz with the Redis check', async () => {
    const response = await fetch(`${platform.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', checks: { redis: 'ok' } });
  });

  it('answers /healthz with 503 when Redis is unreachable', async () => {
    const redis = createRedis(REDIS_URL);
    const adapter = new WebAdapter({ port: 0, host: '127.0.0.1', redis, prefix: `${platform.prefix}-down`, metrics: new AdapterMetrics() });
    await adapter.start(unusedContext('down'));
    try {
      redis.disconnect();
      const response = await fetch(`${adapter.url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'error' });
    } finally {
      await adapter.stop();
    }
  });

  it('counts messages in and out per channel at /metrics', async () => {
    const [socket] = await TestSocket.greet(platform.wsUrl);
    for (const text of ['a', 'b', 'c']) {
      socket.send({ type: 'message', clientMessageId: text, text });
      expect((await socket.next('reply')).text).toBe(echoOf(text));
    }
    socket.send({ type: 'message', clientMessageId: 'a', text: 'a' }); // a duplicate is not a new message
    await socket.next('ack');
    await socket.close();

    const scrape = async () => (await fetch(`${platform.url}/metrics`)).text();
    const response = await fetch(`${platform.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toMatch(/^chatbot_messages_in_total\{channel="web"\} 3$/m);
    // The reply reaches the socket a moment before its delivery is counted.
    await expect.poll(scrape).toMatch(/^chatbot_messages_out_total\{channel="web"\} 3$/m);
  });
});
