import { afterAll, beforeAll } from 'vitest';
import { createDatabase, createIsolatedDatabase, type Database, type Db, type IsolatedDatabase } from '../../src/index';

/** Gives the test file its own migrated database (created before, dropped after its tests). */
export function useIsolatedDatabase(): { readonly db: Db; readonly url: string } {
  let isolated: IsolatedDatabase | undefined;
  let database: Database | undefined;
  beforeAll(async () => {
    isolated = await createIsolatedDatabase();
    database = createDatabase(isolated.url);
  });
  afterAll(async () => {
    await database?.close();
    await isolated?.drop();
  });
  return {
    get db() {
      if (!database) throw new Error('the isolated database is only available inside tests');
      return database.prisma;
    },
    get url() {
      if (!isolated) throw new Error('the isolated database is only available inside tests');
      return isolated.url;
    },
  };
}
