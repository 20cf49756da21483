import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';

const PUBLIC_DIR = new URL('./public/', import.meta.url);

/**
 * The page's scripts only ever talk to their own origin, so the page can forbid everything else;
 * even if a bug put user text into HTML, an inline script or handler would not run.
 */
const PAGE_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/chat.css': { file: 'chat.css', type: 'text/css; charset=utf-8' },
  '/chat.js': { file: 'chat.js', type: 'text/javascript; charset=utf-8' },
  '/widget.js': { file: 'widget.js', type: 'text/javascript; charset=utf-8' },
};

/** Serves the chat page, its assets and the embed script: plain files, no build step. */
export async function registerStaticFiles(app: FastifyInstance): Promise<void> {
  for (const [path, { file, type }] of Object.entries(FILES)) {
    const body = await readFile(new URL(file, PUBLIC_DIR));
    app.get(path, async (_request, reply) => {
      reply.header('content-type', type).header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff');
      if (file.endsWith('.html')) reply.header('content-security-policy', PAGE_SECURITY_POLICY);
      return reply.send(body);
    });
  }
}
