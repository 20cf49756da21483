import { configGroups } from '@chatbot/core';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

/** The client every repository function takes. */
export type Db = PrismaClient;

export interface Database {
  prisma: Db;
  /** Closes the connection pool; the process can exit afterwards. */
  close(): Promise<void>;
}

/** A Prisma client on the `pg` driver adapter (Prisma 7 needs no native engine this way). */
export function createDatabase(databaseUrl: string): Database {
  const url = configGroups.database.DATABASE_URL.safeParse(databaseUrl);
  if (!url.success) throw new Error(`createDatabase: ${url.error.issues[0]?.message ?? 'invalid database URL'}`);
  // A server that does not answer (down, unreachable) fails a query within seconds instead of hanging it.
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url.data, connectionTimeoutMillis: 5000 }) });
  return { prisma, close: () => prisma.$disconnect() };
}

/** Resolves when the database answers a query; for health checks. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}
