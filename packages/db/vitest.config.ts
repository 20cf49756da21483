import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Generates the Prisma client first when it is missing or older than schema.prisma.
    globalSetup: ['./test/support/generate-client.ts'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
