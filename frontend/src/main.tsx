import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { queryClient } from "./lib/trpc";
import "./styles.css";

async function start() {
  // A fake API for design work and screenshots without a backend (VITE_MOCK_API=1, dev only).
  if (import.meta.env.DEV && import.meta.env.VITE_MOCK_API === "1") {
    const { installMockApi } = await import("./mocks/mock-api");
    installMockApi();
  }
  const root = document.getElementById("root");
  if (!root) throw new Error("index.html has no #root element");
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
}
void start();
