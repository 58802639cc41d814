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
/** The fault suite: crashes, signals and fuzzed answers (a CI-sized subset unless PMF_FAULTS=full, as `npm run faults` sets). */
const FAULTS = ['test/faults/**/*.test.ts'];

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
        test: { name: 'unit', include: TESTS, exclude: [...INTEGRATION, ...FAULTS], globalSetup: ['test/support/global-tmp.ts'] },
      },
      {
        extends: true,
        test: { name: 'integration', include: INTEGRATION, exclude: FAULTS, globalSetup: ['test/support/global-tmp.ts', 'test/support/global-liberty.ts'] },
      },
      {
        extends: true,
        test: { name: 'faults', include: FAULTS, testTimeout: 7_200_000, hookTimeout: 600_000, globalSetup: ['test/support/global-tmp.ts', 'test/support/global-liberty.ts'] },
      },
    ],
  },
});
