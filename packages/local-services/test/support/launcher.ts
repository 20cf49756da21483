import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { findFreePort } from '../../src/index';
import { descendantsOf, findProcess } from './process-tree';

/** The repository's root, where `pnpm start` runs. */
export const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Variables of the platform a developer's or CI's environment may hold: the launcher under test must not see them. */
const PLATFORM_VARIABLES =
  /^(DATABASE_URL|REDIS_URL|REDIS_PREFIX|PORT|API_PORT|METRICS_PORT|HOST|ADMIN_TOKEN|MODEL_DIR|MODEL_BACKEND|LOG_FORMAT|LOG_LEVEL|CHATBOT_DATA_DIR|EMBEDDED_POSTGRES_PORT|SLACK_\w+|DISCORD_\w+|NODE_OPTIONS)$/;

/** Free ports for one launcher: chat, API and worker metrics, and its embedded PostgreSQL. */
export async function launcherPorts(): Promise<Record<string, string>> {
  const base = 20_000 + Math.floor(Math.random() * 20_000);
  const chat = await findFreePort(base);
  const api = await findFreePort(chat + 1);
  const metrics = await findFreePort(api + 1);
  const postgres = await findFreePort(metrics + 1);
  return { PORT: String(chat), API_PORT: String(api), METRICS_PORT: String(metrics), EMBEDDED_POSTGRES_PORT: String(postgres) };
}

export interface LauncherRun {
  readonly child: ChildProcess;
  /** All it printed so far (stdout and stderr), colours removed. */
  output(): string;
  /** Resolves with the output once it matches `pattern`; rejects if the launcher exits first or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Resolves with how it ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once every process that shared its output has ended and all of it has been read. */
  readonly closed: Promise<unknown>;
  /** The launcher's own process: node running scripts/start.ts (below pnpm and its shell). */
  launcherPid(): number;
}

/**
 * Runs `pnpm start` as a user would, from the repository root, with `env` over a cleaned copy of
 * this environment. With `terminal`, inside a pseudo-terminal (util-linux `script`), so that its
 * output is a terminal's.
 */
export function runLauncher(env: Record<string, string>, options: { terminal?: boolean } = {}): LauncherRun {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !PLATFORM_VARIABLES.test(name)));
  const [command, args] = options.terminal ? ['script', ['-qfec', 'pnpm start', '/dev/null']] : ['pnpm', ['start']];
  // A process group of its own, as a shell gives a job (so Ctrl-C can be sent to it); stdin stays
  // open, since `script` ends its session when its input ends.
  const child = spawn(command, args, { cwd: repositoryRoot, env: { ...base, ...env }, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let text = '';
  const listeners = new Set<() => void>();
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      text += stripVTControlCharacters(chunk.toString('utf8')).replace(/\r/g, '');
      for (const listener of listeners) listener();
    });
  }
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const closed = Promise.all([once(child.stdout, 'close'), once(child.stderr, 'close')]);
  return {
    child,
    output: () => text,
    exited,
    closed,
    waitFor: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const done = (outcome: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          outcome();
        };
        const check = () => {
          if (pattern.test(text)) done(() => resolve(text));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no ${pattern} within ${timeoutMs / 1000} s; output:\n${text}`))), timeoutMs);
        listeners.add(check);
        void exited.then(({ code, signal }) => {
          if (!pattern.test(text)) done(() => reject(new Error(`pnpm start ended (${signal ?? code}) before ${pattern}; output:\n${text}`)));
        });
        check();
      }),
    launcherPid: () => {
      const pid = findProcess(descendantsOf(child.pid!), (argv) => /(^|\/)node$/.test(argv[0] ?? '') && argv.includes('scripts/start.ts'));
      if (pid === undefined) throw new Error('the launcher process is not running');
      return pid;
    },
  };
}
