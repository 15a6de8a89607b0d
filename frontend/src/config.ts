/**
 * Build-time configuration. VITE_API_URL is empty by default: the app then calls
 * the API on its own origin (the Vite proxy in development, a reverse proxy in
 * production). Set it to deploy the web app on another origin; cookies are sent
 * with `credentials: "include"`, so the API's CORS allowlist must name this origin.
 * The upload limits are not build settings: the API answers them (see features/upload).
 */
export const config = {
  apiUrl: (import.meta.env.VITE_API_URL ?? "").replace(/\/+$/, ""),
};
