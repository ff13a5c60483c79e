import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

// The app is served by Tauri's custom protocol (tauri://localhost/index.html):
// relative asset paths work there and from `vite preview` alike.
export default defineConfig({
  plugins: [svelte()],
  base: "./",
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Nothing inline: the CSP allows scripts from 'self' only.
    assetsInlineLimit: 0,
    // CodeMirror's Markdown mode brings the HTML, CSS and JavaScript modes
    // along (for embedded HTML); one ~740 kB bundle from the app's own
    // protocol parses in a few milliseconds.
    chunkSizeWarningLimit: 1000,
  },
  resolve: process.env.VITEST ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
  },
});
