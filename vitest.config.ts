import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The CLI tests compare plain output: a developer's FORCE_COLOR must not
// colour what the spawned commands print.
delete process.env.FORCE_COLOR;

export default defineConfig({
  resolve: {
    // Specs import the kernel library as users do; tests run it from source.
    alias: { 'memorder/kernel': fileURLToPath(new URL('./src/kernel/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Z3 runs as WASM with worker threads: separate processes keep each
    // test file's solver context apart.
    pool: 'forks',
    // Every core: the default leaves one idle, and the scenario gates are
    // minutes of solver time each.
    maxWorkers: availableParallelism(),
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
