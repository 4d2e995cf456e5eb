import { defineConfig } from 'vite';

// The renderer is plain React with the automatic JSX runtime; relative asset URLs let the same
// build load from the web host and from the desktop app's app:// protocol.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // Radix marks its modules "use client" for server-rendering frameworks; a single-page bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
