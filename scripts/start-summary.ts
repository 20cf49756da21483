/**
 * The block `pnpm start` prints once everything answers: what runs, where to reach it, and how to
 * stop it; and the waits that make its addresses true when printed.
 */

export interface RunningPlatform {
  readonly chatPort: number;
  readonly apiPort: number;
  readonly metricsPort: number;
  /** "embedded, data in .data/postgres (port 54329)" or the external server's address. */
  readonly postgres: string;
  readonly redis: string;
  readonly redisDurable: boolean;
  readonly model: { version: string; backend: string } | null;
  readonly channels: readonly string[];
  /** Shown only when pnpm start made it (the user knows their own ADMIN_TOKEN). */
  readonly adminToken: { value: string; file: string } | null;
  /** The example shop backend's address, or null when SHOP_BACKEND=off. */
  readonly shopBackend: string | null;
}

/** The summary for people, and the same facts as fields for the JSON line (which never holds the token). */
export function statusSummary(running: RunningPlatform): { lines: string[]; fields: Record<string, unknown> } {
  const chatUrl = `http://localhost:${running.chatPort}/`;
  const adminUrl = `http://localhost:${running.apiPort}/admin`;
  const healthUrl = `http://localhost:${running.apiPort}/healthz`;
  const metricsUrl = `http://localhost:${running.metricsPort}/metrics`;
  const token = running.adminToken ? `token ${running.adminToken.value} (kept in ${running.adminToken.file})` : 'token: your ADMIN_TOKEN';
  const model = running.model ? `${running.model.version} on the ${running.model.backend} backend` : 'none active yet';
  const row = (label: string, value: string) => `  ${label.padEnd(17)}${value}`;
  const lines = [
    '  The chatbot platform is up.',
    '',
    row('Chat page', chatUrl),
    row('Admin dashboard', `${adminUrl}   ${token}`),
    row('Health', healthUrl),
    row('Worker metrics', metricsUrl),
    '',
    row('PostgreSQL', running.postgres),
    row('Redis', `${running.redis}; ${running.redisDurable ? 'durable (append-only file, no eviction)' : 'NOT durable, see the warning above'}`),
    row('Model', model),
    row('Channels', running.channels.join(', ')),
    row('Shop backend', running.shopBackend ? `${running.shopBackend}, the example orders the default bot looks up (SHOP_BACKEND=off leaves it out)` : 'off'),
    '',
    '  Press Ctrl-C to stop everything pnpm start started.',
  ];
  const fields = {
    chatUrl,
    adminUrl,
    healthUrl,
    metricsUrl,
    postgres: running.postgres,
    redis: running.redis,
    redisDurable: running.redisDurable,
    modelVersion: running.model?.version ?? null,
    modelBackend: running.model?.backend ?? null,
    channels: running.channels,
    adminTokenFile: running.adminToken?.file ?? null,
    shopBackend: running.shopBackend,
  };
  return { lines, fields };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `url` answers 200, so the addresses printed next already work. */
export async function waitUntilAnswering(url: string, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await sleep(300);
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/**
 * Resolves with the model the worker answers with, read from its metrics (`chatbot_model_info`),
 * once it reports one: the worker serves them only when it is ready to take messages.
 */
export async function workerModel(metricsUrl: string, timeoutMs = 120_000): Promise<{ version: string; backend: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = await fetch(metricsUrl, { signal: AbortSignal.timeout(2000) }).then(
      (response) => (response.ok ? response.text() : ''),
      () => '',
    );
    const labels = /^chatbot_model_info\{([^}]*)\}\s+1\s*$/m.exec(text)?.[1] ?? '';
    const version = /version="([^"]*)"/.exec(labels)?.[1];
    const backend = /backend="([^"]*)"/.exec(labels)?.[1];
    if (version && backend) return { version, backend };
    await sleep(300);
  }
  throw new Error(`The worker did not report ready at ${metricsUrl} within ${timeoutMs / 1000} s`);
}
