import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The long runs have their own commands: `npm run test:faults`, `npm run fuzz`, `npm run soak`.
    exclude: ['**/node_modules/**', 'test/faults/**', 'test/soak/**'],
    testTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts', 'src/**/*.contract.ts', 'src/**/__fixtures__/**'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: {
        'src/cookie/**/*.ts': { lines: 95, branches: 95 },
        'src/crypto/**/*.ts': { lines: 95, branches: 95 },
        'src/tokens/**/*.ts': { lines: 95, branches: 95 },
      },
    },
  },
});
