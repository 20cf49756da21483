import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** The shop's orders, as its own database would hold them (here: a JSON file loaded into memory). */

const LocalisedSchema = z.object({ en: z.string(), zh: z.string() });

export const OrderSchema = z.object({
  id: z.string(),
  status: z.enum(['processing', 'shipped', 'delivered', 'cancelled']),
  placedAt: z.iso.datetime(),
  shippedAt: z.iso.datetime().optional(),
  deliveredAt: z.iso.datetime().optional(),
  cancelledAt: z.iso.datetime().optional(),
  carrier: z.string().optional(),
  tracking: z.string().optional(),
  trackingUrl: z.url().optional(),
  email: z.email(),
  address: z.string(),
  total: z.object({ amount: z.number(), currency: z.string().length(3) }),
  items: z.array(z.object({ sku: z.string(), name: LocalisedSchema, quantity: z.int().positive() })).min(1),
});
export type Order = z.infer<typeof OrderSchema>;

export interface ReturnRequest {
  id: string;
  orderId: string;
  reason: string;
  openedAt: string;
}

export type ReturnOutcome =
  { outcome: 'opened'; request: ReturnRequest } | { outcome: 'already open'; request: ReturnRequest } | { outcome: 'not delivered' } | { outcome: 'not found' };

/** Orders and returns, with the changes the actions make. One instance per process. */
export class OrderBook {
  private readonly orders = new Map<string, Order>();
  private readonly returns = new Map<string, ReturnRequest>();

  constructor(orders: readonly Order[]) {
    for (const order of orders) this.orders.set(order.id, structuredClone(order));
  }

  static fromFile(path: string): OrderBook {
    return new OrderBook(z.array(OrderSchema).parse(JSON.parse(readFileSync(path, 'utf8'))));
  }

  find(id: string): Order | undefined {
    return this.orders.get(id);
  }

  list(): Order[] {
    return [...this.orders.values()];
  }

  /** Cancels an order that has not left the warehouse. */
  cancel(id: string, now: Date): 'cancelled' | 'already cancelled' | 'too late' | 'not found' {
    const order = this.orders.get(id);
    if (!order) return 'not found';
    if (order.status === 'cancelled') return 'already cancelled';
    if (order.status !== 'processing') return 'too late';
    order.status = 'cancelled';
    order.cancelledAt = now.toISOString();
    return 'cancelled';
  }

  /** Changes the delivery address of an order that has not left the warehouse. */
  changeAddress(id: string, address: string): 'changed' | 'too late' | 'not found' {
    const order = this.orders.get(id);
    if (!order) return 'not found';
    if (order.status !== 'processing') return 'too late';
    order.address = address;
    return 'changed';
  }

  /** Opens a return for a delivered order (one per order: asking again gives the open one). */
  startReturn(id: string, reason: string, now: Date): ReturnOutcome {
    const order = this.orders.get(id);
    if (!order) return { outcome: 'not found' };
    const open = [...this.returns.values()].find((request) => request.orderId === id);
    if (open) return { outcome: 'already open', request: open };
    if (order.status !== 'delivered') return { outcome: 'not delivered' };
    const request = { id: `R-${1001 + this.returns.size}`, orderId: id, reason, openedAt: now.toISOString() };
    this.returns.set(request.id, request);
    return { outcome: 'opened', request };
  }
}
