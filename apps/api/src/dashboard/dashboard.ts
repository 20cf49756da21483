import type { Redis } from '@chatbot/core';
import type { Db } from '@chatbot/db';
import type { FastifyInstance } from 'fastify';
import type { Authenticator } from '../admin/auth';
import { registerSessionRoutes } from './admin-session';
import { registerQueueBoard } from './queue-board';
import { registerStaticFiles } from './static-files';

export const DASHBOARD_PATH = '/admin';
export const QUEUE_BOARD_PATH = `${DASHBOARD_PATH}/queues`;
export const SESSION_PATH = `${DASHBOARD_PATH}/session`;

export interface DashboardOptions {
  db: Db;
  redis: Redis;
  /** REDIS_PREFIX of the queues the board shows. */
  prefix: string;
  authenticator: Authenticator;
  /** Channels whose outbound queues the board shows. */
  channels: string[];
}

/**
 * The admin dashboard: the page at /admin (it calls the admin API with the token the admin typed),
 * the session cookie at /admin/session, and bull-board at /admin/queues behind that cookie.
 */
export async function registerDashboard(app: FastifyInstance, options: DashboardOptions): Promise<void> {
  await registerStaticFiles(app, DASHBOARD_PATH);
  registerSessionRoutes(app, options, SESSION_PATH, QUEUE_BOARD_PATH);
  await registerQueueBoard(app, { ...options, basePath: QUEUE_BOARD_PATH, loginPath: DASHBOARD_PATH });
}
