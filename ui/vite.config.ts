import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

// The app is served by Tauri's custom protocol (tauri://localhost/index.html):
// relative asset paths work there and from `vite preview` alike.
export default defineConfig({
  plugins: [svelte()],
  base: "./",
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    // Tests read the commands' Rust source (src/ipc/commands.test.ts); the
    // dev server serves nothing outside ui/.
    fs: process.env.VITEST ? { allow: [".", "../src-tauri/app/src"] } : undefined,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Nothing inline: the CSP allows scripts from 'self' only.
    assetsInlineLimit: 0,
    // One bundle (~650 kB): everything in it is needed for the first
    // interactive frame, so splitting it would add requests, not save any.
    chunkSizeWarningLimit: 1000,
  },
  resolve: process.env.VITEST ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
  },
});
