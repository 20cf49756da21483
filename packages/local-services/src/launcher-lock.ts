import { readFileSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LauncherError } from './launcher-error';
import { commandOf, isRunning } from './process-info';

/** The launcher's script, by which a running launcher is recognised in the process table. */
const LAUNCHER_SCRIPT = /(^|\/)scripts\/start\.ts$/;

/**
 * Claims `dataDir` for this launcher (its pid in `<dataDir>/start.pid`), refusing while another live
 * launcher holds it. What the directory holds (a PostgreSQL still running on it, for one) is then
 * either this launcher's or an orphan of a dead one, which is what allows stopping it.
 * Returns the release, to call at exit.
 */
export async function claimDataDirectory(dataDir: string): Promise<() => void> {
  const file = join(dataDir, 'start.pid');
  const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (pid > 0 && pid !== process.pid && isRunning(pid) && (commandOf(pid) ?? []).some((arg) => LAUNCHER_SCRIPT.test(arg))) {
    throw new LauncherError(
      `Another pnpm start (process ${pid}) is already running with the data directory ${dataDir}.`,
      `Use that one, or stop it first (Ctrl-C in its terminal, or kill ${pid}); to run a second one beside it, give it its own CHATBOT_DATA_DIR and ports.`,
    );
  }
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${process.pid}\n`);
  return () => {
    // Only our own claim is removed: a launcher that was refused leaves the other one's in place.
    const holder = (() => {
      try {
        return readFileSync(file, 'utf8').trim();
      } catch {
        return '';
      }
    })();
    if (holder === String(process.pid)) rmSync(file, { force: true });
  };
}
