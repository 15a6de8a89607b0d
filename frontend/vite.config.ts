import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development the API runs on another port; the proxy keeps the browser on one origin.
const api = process.env.VITE_API_PROXY_TARGET ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  server: {
    host: "127.0.0.1",
    port: Number(process.env.FRONTEND_PORT ?? 5173),
    strictPort: true,
    proxy: { "/trpc": api, "/api": api, "/healthz": api, "/readyz": api },
  },
});
