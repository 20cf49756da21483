// The example shop backend as a process: `SHOP_BACKEND_SECRET=... pnpm --filter @chatbot/example-shop-backend start`.
// `pnpm start` runs it for the default bot (SHOP_BACKEND=off leaves it out).
import { startShopBackend } from './shop-backend';

const secret = process.env.SHOP_BACKEND_SECRET;
if (!secret) {
  console.error('SHOP_BACKEND_SECRET is not set: the platform signs every request with it, and this server checks the signature.');
  process.exit(2);
}
const port = Number(process.env.SHOP_BACKEND_PORT ?? 4100);
const host = process.env.SHOP_BACKEND_HOST ?? '127.0.0.1';
// For benchmarks (pnpm bench:e2e --questions action): answer as slowly as a real backend would.
const delayMs = Number(process.env.SHOP_BACKEND_DELAY_MS ?? 0);
const backend = await startShopBackend({ secret, port, host, delayMs, onError: (error, path) => console.error(`action ${path} failed:`, error) });
const orders = backend.book.list().map((order) => `${order.id} (${order.status})`);
console.log(`shop backend listening on ${backend.url}; orders: ${orders.join(', ')}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void backend.close().then(() => process.exit(0)));
