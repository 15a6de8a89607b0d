import { useEffect, useState } from "react";

type Health = { status: string } | { error: string };

/** Until the web app lands, the landing page shows whether the API is up. */
export function App() {
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    // BACKEND_HOOK: GET /healthz
    fetch("/healthz")
      .then((r) => r.json() as Promise<Health>)
      .then(setHealth)
      .catch((e: unknown) => setHealth({ error: String(e) }));
  }, []);
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "4rem auto", padding: "0 1rem" }}>
      <h1>Coherence</h1>
      <p>Your presentation coach: it checks whether your words and your delivery agree.</p>
      <p data-testid="api-health">
        API: {health === null ? "checking…" : "status" in health ? health.status : `unreachable (${health.error})`}
      </p>
    </main>
  );
}
