import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VitePWA } from 'vite-plugin-pwa';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { precompressFiles } from './server/precompress.ts';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Brotli and gzip copies of every text asset, written after everything else (the service
 * worker included) so the server can send them precompressed.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'supervision:precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        await precompressFiles(outDir);
      },
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  publicDir: 'public',
  // The bench's phases (client/perf/phases.ts): compiled away here; only the bench's builds set it true.
  define: { __BENCH_PHASES__: 'false' },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    // Compiling NHS.UK frontend's Sass takes a few seconds on every build, so Rolldown's
    // slow-plugin report would print each time without telling us anything new.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  plugins: [
    react(),
    VitePWA({
      // A new version waits for the user: a live session is never reloaded under them.
      registerType: 'prompt',
      // Registration is done in app code; an injected inline script would break the CSP.
      injectRegister: null,
      // The glob below already precaches the icons; listing them again duplicates entries.
      includeManifestIcons: false,
      manifest: {
        name: 'Safeguarding supervision',
        short_name: 'Supervision',
        description:
          'Guides safeguarding supervision conversations and records them on this device.',
        theme_color: '#005eb8',
        background_color: '#ffffff',
        display: 'standalone',
        start_url: '/',
        scope: '/',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        // The first visit is controlled at once, so it works offline straight away; updates still wait for the user.
        clientsClaim: true,
      },
    }),
    precompress(),
  ],
  test: {
    // Projects resolve their globs from the repository root, not from client/.
    projects: [
      {
        root: repoRoot,
        test: {
          name: 'unit',
          environment: 'node',
          // Graph traversals over every template take seconds on a loaded two-core machine.
          testTimeout: 30_000,
          include: ['tests/{machines,server,prompts,db,records,safety,build,noticings}/**/*.test.ts'],
          setupFiles: ['tests/setup/language.ts'],
        },
      },
      {
        root: repoRoot,
        plugins: [react()],
        test: {
          name: 'components',
          environment: 'jsdom',
          include: ['tests/components/**/*.test.tsx', 'tests/client/**/*.test.{ts,tsx}', 'tests/live/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/setup/components.ts'],
        },
      },
      {
        root: repoRoot,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          fileParallelism: false,
          maxWorkers: 1,
        },
      },
    ],
  },
});
