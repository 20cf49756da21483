/**
 * `pnpm bench:e2e [--url ws://localhost:3000/ws] [--messages 2000] [--sessions 50] [--questions mixed|action|catalogue]`
 * Pushes messages through the full path of a running platform (in another terminal:
 * `WEB_MESSAGES_PER_MINUTE=0 WEB_SESSIONS_PER_MINUTE=0 WEB_CONNECTIONS_PER_ADDRESS=0 pnpm start`, as the web chat's rate limits
 * would refuse a benchmark's pace):
 * WebSocket -> adapters -> Redis -> worker (model + PostgreSQL) -> Redis -> adapters -> WebSocket.
 * Each session sends its next message when the previous reply arrives, like a person would.
 * Prints one JSON line: messages/s and reply latency percentiles.
 * --questions: `mixed` (default) asks both kinds below; `action` only order questions with their number,
 * each answered by the order_status action (the example shop backend, which `SHOP_BACKEND_DELAY_MS=50
 * pnpm start` makes answer in 50 ms); `catalogue` only questions answered from the reply catalogue.
 */
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.BENCH_WS_URL ?? 'ws://localhost:3000/ws' },
    messages: { type: 'string', default: '2000' },
    sessions: { type: 'string', default: '50' },
    questions: { type: 'string', default: 'mixed' },
  },
});
const total = Number(values.messages);
const sessions = Number(values.sessions);
/**
 * Questions the bot answers at once (the order questions carry their number, so the order-status form
 * asks nothing): every message gets exactly one reply and no conversation waits on a question or is
 * handed off, whatever forms the bot has.
 */
const QUESTIONS: Record<string, string[]> = {
  mixed: ['where is my order 48213?', '我的订单48213到哪了', 'what are your opening hours', '你们几点开门', 'how long does delivery take', 'hello'],
  action: ['where is my order 48213?', '我的订单48214到哪了', 'where is order 48215?', '我的订单48213到哪了'],
  catalogue: ['what are your opening hours', '你们几点开门', 'how long does delivery take', 'hello'],
};
const chosen = QUESTIONS[values.questions];
if (!chosen) throw new Error(`--questions must be one of ${Object.keys(QUESTIONS).join(', ')}`);
const texts: string[] = chosen;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function runSession(index: number, count: number, latencies: number[]): Promise<void> {
  const socket = new WebSocket(values.url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  await new Promise<void>((resolve, reject) => {
    let sent = 0;
    let sentAt = 0;
    const sendNext = () => {
      if (sent === count) return resolve();
      sentAt = performance.now();
      socket.send(JSON.stringify({ type: 'message', clientMessageId: `bench-${index}-${sent}-${Date.now()}`, text: texts[(index + sent) % texts.length] }));
      sent++;
    };
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { type: string; code?: string; message?: string };
      if (frame.type === 'welcome') sendNext();
      else if (frame.type === 'reply') {
        latencies.push(performance.now() - sentAt);
        sendNext();
      } else if (frame.type === 'error' && frame.code === 'rate_limited') {
        reject(new Error(`${frame.message} Start the platform with WEB_MESSAGES_PER_MINUTE=0 WEB_SESSIONS_PER_MINUTE=0 WEB_CONNECTIONS_PER_ADDRESS=0 to benchmark it.`));
      } else if (frame.type === 'error') reject(new Error(frame.message));
    });
    socket.once('error', reject);
    // A socket the server closes before the session is done (too many from this address) must not hang the run.
    socket.once('close', (code, reason) =>
      reject(new Error(`the chat closed the connection (${code} ${reason}); start the platform with WEB_CONNECTIONS_PER_ADDRESS=0 to benchmark it`)),
    );
    socket.send(JSON.stringify({ type: 'hello' }));
  });
  socket.close();
}

const latencies: number[] = [];
const started = performance.now();
await Promise.all(Array.from({ length: sessions }, (_, i) => runSession(i, Math.floor(total / sessions) + (i < total % sessions ? 1 : 0), latencies)));
const seconds = (performance.now() - started) / 1000;
const sorted = latencies.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    messages: sorted.length,
    sessions,
    questions: values.questions,
    seconds: Number(seconds.toFixed(2)),
    messagesPerSecond: Number((sorted.length / seconds).toFixed(1)),
    p50Ms: Number(percentile(sorted, 50).toFixed(1)),
    p99Ms: Number(percentile(sorted, 99).toFixed(1)),
  }),
);
