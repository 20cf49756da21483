import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { findFreePort } from './ports';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** SHUTDOWN: Redis writes its append-only file and exits (what a clean stop or restart does). */
  shutdown(): Promise<void>;
  /** Kills the process with `signal` (SIGKILL: nothing more is written). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts redis-server again on the same port and data directory, after a shutdown or kill. */
  restart(): Promise<RedisServer>;
}

/** True when a Redis server answers PING at `url` within a short time. */
export async function redisAnswers(url: string, timeoutMs = 800): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * What a Redis would lose of acknowledged messages, one plain sentence per problem with its fix
 * (none when it keeps an append-only file and never evicts): the platform's acknowledgement means
 * "safely queued", which only holds on such a Redis.
 */
export async function redisDurabilityWarnings(url: string): Promise<string[]> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const setting = async (name: string) => ((await client.config('GET', name)) as string[])[1] ?? '';
    const [appendonly, save, policy] = [await setting('appendonly'), await setting('save'), await setting('maxmemory-policy')];
    const warnings: string[] = [];
    if (appendonly !== 'yes' && save.trim() === '') {
      warnings.push(
        `The Redis at ${url} keeps nothing on disk (appendonly no, no save points): a restart of it loses every queued message and reply. ` +
          'Turn on its append-only file (redis-server --appendonly yes), or leave REDIS_URL unset and stop it so that pnpm start runs a durable one.',
      );
    } else if (appendonly !== 'yes') {
      warnings.push(
        `The Redis at ${url} only takes snapshots (save ${save}): a crash loses what was queued since the last one. Turn on its append-only file (redis-server --appendonly yes).`,
      );
    }
    if (policy !== 'noeviction') {
      warnings.push(`The Redis at ${url} evicts keys when full (maxmemory-policy ${policy}): queued messages could be dropped. Set maxmemory-policy noeviction.`);
    }
    return warnings;
  } catch (error) {
    return [`Could not read the settings of the Redis at ${url} (${(error as Error).message}); make sure it keeps an append-only file and never evicts (noeviction).`];
  } finally {
    client.disconnect();
  }
}

/**
 * Spawns a `redis-server` from PATH on 127.0.0.1 with its data in `dir`, durable by default: the
 * append-only file on, fsynced every second (`appendfsync everysec`, Redis's default), and no
 * eviction, so an acknowledged job is not dropped for memory. Resolves once it answers PING.
 */
export async function startRedisServer(options: { dir: string; port?: number }): Promise<RedisServer> {
  await mkdir(options.dir, { recursive: true });
  const port = options.port ?? (await findFreePort(6380));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', options.dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction'];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const exited = once(child, 'exit');
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(url, 200)) {
      return {
        url,
        port,
        process: child,
        async shutdown() {
          const client = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
          client.on('error', () => undefined);
          await client.call('SHUTDOWN').catch(() => undefined); // the connection closes as the server exits
          client.disconnect();
          await exited;
        },
        async kill(signal: NodeJS.Signals = 'SIGKILL') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
        restart: () => startRedisServer({ dir: options.dir, port }),
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`Started redis-server on port ${port} but it does not answer`);
}
