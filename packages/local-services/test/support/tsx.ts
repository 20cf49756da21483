import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** Node's arguments to run a TypeScript file as `pnpm start` runs its processes: node with tsx's loader. */
export const tsxImport = ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
