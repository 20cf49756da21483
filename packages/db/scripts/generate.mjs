// Generates the Prisma client into src/generated/prisma, offline.
//
// Every prisma CLI command first makes sure the native schema engine is present and downloads it
// when it is not, which fails without internet. `generate` never uses that engine, so we point
// PRISMA_SCHEMA_ENGINE_BINARY at an empty stub file. The client output is skipped when the schema
// and the prisma version are unchanged since the last run (pass --force to regenerate anyway).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const schemaPath = join(packageDir, 'prisma', 'schema.prisma');
const outputDir = join(packageDir, 'src', 'generated', 'prisma');
const stampPath = join(outputDir, '.schema-hash');

const require = createRequire(import.meta.url);
const prismaPackageJson = require.resolve('prisma/package.json');
const prismaVersion = JSON.parse(readFileSync(prismaPackageJson, 'utf8')).version;
const prismaCli = join(dirname(prismaPackageJson), 'build', 'index.js');

const stamp = createHash('sha256').update(prismaVersion).update(readFileSync(schemaPath)).digest('hex');
const force = process.argv.includes('--force');
if (!force && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) {
  process.exit(0);
}

const stubDir = mkdtempSync(join(tmpdir(), 'prisma-engine-stub-'));
const stubEngine = join(stubDir, 'schema-engine');
writeFileSync(stubEngine, '#!/bin/sh\necho "schema engine stub: prisma migrate cannot run here, use pnpm db:migrate" >&2\nexit 1\n');
chmodSync(stubEngine, 0o755);

try {
  const result = spawnSync(process.execPath, [prismaCli, 'generate'], {
    cwd: packageDir,
    stdio: 'inherit',
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: stubEngine,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
  if (result.status !== 0) {
    console.error(`prisma generate failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
  writeFileSync(stampPath, stamp);
} finally {
  rmSync(stubDir, { recursive: true, force: true });
}
