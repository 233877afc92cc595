// The signed-in client: built into ../dist/client and served by the web server under /app/ (every
// /app/* path gets index.html). The API is on the same origin at /v1; `vite dev` and `vite preview`
// proxy it to a local API (PHOENIX_API_URL, default the API_PORT of tools/ports.env) for local checks.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = process.env["PHOENIX_API_URL"] ?? "http://127.0.0.1:26484";
const proxy = { "/v1": { target: api, changeOrigin: false } };
// The web server's policy (services/web/src), so `vite preview` shows a CSP violation as it would.
const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

export default defineConfig({
  root: import.meta.dirname,
  base: "/app/",
  plugins: [react()],
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    // No inline assets: the CSP allows data: images only, and fonts or scripts must come from 'self'.
    assetsInlineLimit: 0,
  },
  server: { proxy },
  preview: { proxy, headers: { "Content-Security-Policy": csp } },
});
