/**
 * Build-time configuration. VITE_API_URL is empty by default: the app then calls
 * the API on its own origin (the Vite proxy in development, a reverse proxy in
 * production). Set it to deploy the web app on another origin; cookies are sent
 * with `credentials: "include"`, so the API's CORS allowlist must name this origin.
 */
export const config = {
  apiUrl: (import.meta.env.VITE_API_URL ?? "").replace(/\/+$/, ""),
  maxUploadBytes: Number(import.meta.env.VITE_MAX_UPLOAD_MB ?? 2048) * 1024 * 1024,
  maxDurationSeconds: Number(import.meta.env.VITE_MAX_DURATION_MINUTES ?? 60) * 60,
  minDurationSeconds: 3,
};
