import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

/**
 * The page's scripts only talk to their own origin and build every element through the DOM
 * (text via textContent), so the page forbids inline scripts and everything foreign: even if a
 * bug put a user's message into HTML, it would not run.
 */
const PAGE_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Serves the dashboard's plain files (no build step): `index.html` at `basePath`, every other file
 * of public/ at `basePath/<path>`. Only files present at start-up are served, so a request path
 * can never reach outside the folder.
 */
export async function registerStaticFiles(app: FastifyInstance, basePath: string): Promise<void> {
  for (const file of await listFiles(PUBLIC_DIR)) {
    const type = CONTENT_TYPES[extname(file)];
    if (!type) throw new Error(`dashboard file ${file} has no known content type; add its extension to CONTENT_TYPES`);
    const body = await readFile(file);
    const urlPath = relative(PUBLIC_DIR, file).split(sep).join('/');
    app.get(urlPath === 'index.html' ? basePath : `${basePath}/${urlPath}`, async (_request, reply) => {
      reply.header('content-type', type).header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff');
      if (type.startsWith('text/html')) reply.header('content-security-policy', PAGE_SECURITY_POLICY).header('referrer-policy', 'no-referrer');
      return reply.send(body);
    });
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : Promise.resolve([join(dir, entry.name)]))));
  return nested.flat().sort();
}
