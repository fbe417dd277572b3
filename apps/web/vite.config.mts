import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web inbox is built into dist/web and served by the API app (one process). During UI
// work, `npx vite apps/web` serves it with the API proxied from the running stack.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      // React Router and Tiptap mark their modules "use client" (for server components); a browser bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/api': process.env.NASKAH_API_URL ?? 'http://127.0.0.1:3000' } },
});
