/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// The built page goes straight into the Maven module's classes, under the folder the server
// serves, so `mvn package` puts it in the jar. Nothing is inlined: the server's CSP allows
// scripts and styles from its own origin only.
export default defineConfig({
  base: './',
  build: {
    outDir: 'target/classes/dev/parley/web/static',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
