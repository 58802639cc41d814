import { defineConfig } from 'vitest/config';

/**
 * Two lanes. unit: what needs no Java, database, Liberty runtime, terminal or dist/ (it imports
 * source/ and steps/); `npm run test:unit` runs it alone, with no build and no Liberty fetch.
 * integration: real MariaDB, keytool, Ant, Liberty, the built CLI, tmux: `*.int.test.ts` and
 * everything under test/e2e/. `vitest run` runs both.
 */
const TESTS = ['test/**/*.test.ts', 'test/**/*.test.tsx'];
const INTEGRATION = [
  'test/**/*.int.test.ts',
  'test/e2e/**/*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: the stand-ins start JVMs and MariaDB, so keep the file parallelism low.
    maxWorkers: 2,
    fileParallelism: true,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: TESTS, exclude: INTEGRATION, globalSetup: ['test/support/global-tmp.ts'] },
      },
      {
        extends: true,
        test: { name: 'integration', include: INTEGRATION, globalSetup: ['test/support/global-tmp.ts', 'test/support/global-liberty.ts'] },
      },
    ],
  },
});
