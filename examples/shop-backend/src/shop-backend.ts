import { fileURLToPath } from 'node:url';
import { oncePerKey, serveActions, type ActionHandler, type ActionServer } from '@chatbot/actions-sdk';
import { createShopActions } from './actions';
import { OrderBook } from './orders';

export const DEFAULT_ORDERS_FILE = fileURLToPath(new URL('../data/orders.json', import.meta.url));

export interface ShopBackendOptions {
  secret: string;
  port?: number;
  host?: string;
  ordersFile?: string;
  /** Answer each request this much later (a benchmark's stand-in for a real backend's database round trips). */
  delayMs?: number;
  onError?: (error: unknown, path: string) => void;
}

/** Starts the example shop's action server: the orders from the file, the four actions, changes done once per key. */
export async function startShopBackend(options: ShopBackendOptions): Promise<ActionServer & { book: OrderBook }> {
  const book = OrderBook.fromFile(options.ordersFile ?? DEFAULT_ORDERS_FILE);
  const actions = createShopActions(book);
  // Looking an order up changes nothing; the other three change the order, so a repeated request must not act twice.
  const delayMs = options.delayMs ?? 0;
  const delayed = (handler: ActionHandler): ActionHandler =>
    delayMs > 0 ? async (request) => (await new Promise((resolve) => setTimeout(resolve, delayMs)), handler(request)) : handler;
  const guarded = Object.fromEntries(Object.entries(actions).map(([path, handler]) => [path, delayed(path === '/order-status' ? handler : oncePerKey(handler))]));
  const server = await serveActions({ secret: options.secret, port: options.port, host: options.host, actions: guarded, onError: options.onError });
  return { ...server, book };
}
