import { realpathSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { LauncherError } from './launcher-error';
import { commandOf, isRunning, showCommand, waitForExit } from './process-info';

/** Who holds a PostgreSQL data directory, according to its postmaster.pid and the process table. */
export type DataDirectoryHolder =
  | { kind: 'free' }
  /** postmaster.pid names a process that is gone, or one that is not a PostgreSQL of this directory (its pid was reused). */
  | { kind: 'stale'; pid: number; command: string[] | null }
  /** A PostgreSQL running on this very directory: left by an earlier run whose launcher died. */
  | { kind: 'postgres'; pid: number; command: string[] }
  /** A running process whose command line cannot be read: it might be a PostgreSQL on this directory. */
  | { kind: 'unknown'; pid: number };

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return a === b;
  }
}

/** True when `argv` is a PostgreSQL server (`postgres -D <dir> ...`) serving `databaseDir`. */
export function isPostgresOf(argv: readonly string[], databaseDir: string): boolean {
  if (!['postgres', 'postmaster'].includes(basename(argv[0] ?? ''))) return false;
  const dataDirs = argv.flatMap((arg, i) => (arg === '-D' ? [argv[i + 1] ?? ''] : arg.startsWith('-D') ? [arg.slice(2)] : []));
  return dataDirs.some((dir) => samePath(dir, databaseDir));
}

/** How the process table is read; tests pass their own. */
export interface ProcessLookUp {
  isRunning(pid: number): boolean;
  commandOf(pid: number): string[] | null;
}

/** Reads `<databaseDir>/postmaster.pid` and the process it names. */
export async function dataDirectoryHolder(databaseDir: string, lookUp: ProcessLookUp = { isRunning, commandOf }): Promise<DataDirectoryHolder> {
  const lock = await readFile(join(databaseDir, 'postmaster.pid'), 'utf8').catch(() => null);
  if (lock === null) return { kind: 'free' };
  const pid = Number(lock.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !lookUp.isRunning(pid)) return { kind: 'stale', pid, command: null };
  const command = lookUp.commandOf(pid);
  if (!command) return { kind: 'unknown', pid };
  return isPostgresOf(command, databaseDir) ? { kind: 'postgres', pid, command } : { kind: 'stale', pid, command };
}

/**
 * Makes `databaseDir` ready for a PostgreSQL of ours to start: a stale postmaster.pid is removed
 * (PostgreSQL itself refuses to start while the pid it names runs, even when that pid now belongs to
 * another program), and a PostgreSQL left running on this directory by an earlier run is stopped
 * (fast shutdown: it finishes writing, then exits). The caller has made sure no other launcher uses
 * the directory, which is what proves such a server an orphan of ours. Anything it cannot prove is
 * ours, it leaves alone and explains.
 */
export async function takeOverDataDirectory(databaseDir: string, log: (line: string) => void, lookUp?: ProcessLookUp): Promise<void> {
  const holder = await dataDirectoryHolder(databaseDir, lookUp);
  const lockFile = join(databaseDir, 'postmaster.pid');
  if (holder.kind === 'free') return;
  if (holder.kind === 'stale') {
    const what = holder.command ? `process ${holder.pid} is ${showCommand(holder.command)}, not this directory's PostgreSQL` : `process ${holder.pid} is gone`;
    log(`Removing a stale ${lockFile} (${what})`);
    await rm(lockFile, { force: true });
    return;
  }
  if (holder.kind === 'unknown') {
    throw new LauncherError(
      `${lockFile} names process ${holder.pid}, which is running but whose command line cannot be read, so pnpm start cannot tell whether it is a PostgreSQL using this directory.`,
      `Find out what it is (ps -p ${holder.pid} -o user,args); if it is that PostgreSQL stop it (kill -INT ${holder.pid}), if it is not remove ${lockFile}; then run pnpm start again.`,
    );
  }
  log(`A PostgreSQL left running by an earlier pnpm start holds ${databaseDir} (process ${holder.pid}): stopping it to start clean`);
  try {
    process.kill(holder.pid, 'SIGINT');
  } catch (error) {
    throw new LauncherError(
      `A PostgreSQL left running by an earlier pnpm start holds ${databaseDir} (process ${holder.pid}), and this user may not stop it (${(error as Error).message}).`,
      `Stop it as the user it runs as (sudo kill -INT ${holder.pid}) and run pnpm start again.`,
    );
  }
  if (await waitForExit(holder.pid, 30_000)) return;
  throw new LauncherError(
    `The PostgreSQL left running on ${databaseDir} (process ${holder.pid}) did not stop within 30 s of a fast-shutdown request.`,
    `Stop it yourself (kill -QUIT ${holder.pid}, or kill -9 ${holder.pid} if that does not work) and run pnpm start again.`,
  );
}
