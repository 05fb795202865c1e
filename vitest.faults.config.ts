import { defineConfig } from 'vitest/config';

// Store faults stop and start real servers (private instances on their own ports), so they run
// one file at a time, apart from `npm test`.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/faults.json' },
  },
});
