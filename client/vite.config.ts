import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** Where the API server listens in development (the server's default PORT, 8080). */
const API_TARGET = 'http://127.0.0.1:8080';

/**
 * The browser app. `#shared/...` resolves through the root package.json `imports`, which Vite
 * follows like Node does. The build lands in client/dist, which the server serves for `/` and
 * `/a/*`; in development Vite serves the app and forwards API and WebSocket traffic.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./app', import.meta.url)),
  base: '/',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: true },
      '/healthz': { target: API_TARGET, changeOrigin: true },
      '/collab': { target: API_TARGET, ws: true, changeOrigin: true },
    },
  },
  preview: {
    port: 4173,
  },
});
