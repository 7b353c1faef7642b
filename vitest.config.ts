import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'actions/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // End-to-end tests spawn bundles, real helm/terraform and loopback servers: give them room but keep a bound.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/src/closing-line-reporter.ts'],
    server: {
      // GitHub's workflow parser imports JSON without import attributes; inlining lets vitest load it.
      deps: { inline: [/@actions\/workflow-parser/, /@actions\/expressions/] },
    },
  },
});
