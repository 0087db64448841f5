import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

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
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
