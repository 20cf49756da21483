import { defineConfig } from 'prisma/config';

// Read by the prisma CLI. `prisma generate` needs no database; `prisma migrate deploy` (where its
// engine can be downloaded) reads DATABASE_URL. Here migrations run through `pnpm db:migrate`.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
