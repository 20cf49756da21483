export { DEFAULT_ORDERS_FILE, startShopBackend } from './shop-backend';
export type { ShopBackendOptions } from './shop-backend';
export { createShopActions } from './actions';
export { OrderBook, OrderSchema } from './orders';
export type { Order, ReturnRequest } from './orders';
