import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/support/global-tmp.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: the stand-ins start JVMs and MariaDB, so keep the file parallelism low.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
