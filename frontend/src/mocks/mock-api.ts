import { uploadConfig } from "@coherence/shared";
import superjson from "superjson";
import { demoProgressPoints, demoResult, demoVideos } from "./fixtures";

// A fake API behind window.fetch, for design work and screenshots without a backend.
// Scenario from ?mock=signedout|empty|processing-error (remembered for the tab).

type Handler = (input: Record<string, unknown> | undefined) => unknown;

class MockError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
  }
}

function scenario(): string {
  const fromUrl = new URLSearchParams(window.location.search).get("mock");
  if (fromUrl) sessionStorage.setItem("mock", fromUrl);
  return sessionStorage.getItem("mock") ?? "demo";
}

export function installMockApi(): void {
  const mode = scenario();
  let signedIn = mode !== "signedout";
  const empty = mode === "empty";
  const user = { id: "u-1", email: "maya@example.com", name: "Maya Lopez", role: "user" };
  const statusPolls = new Map<string, number>();

  const handlers: Record<string, Handler> = {
    "auth.me": () => {
      if (!signedIn) throw new MockError("UNAUTHORIZED", 401, "Sign in to continue.");
      return { user };
    },
    "auth.session": () =>
      signedIn ? { signedIn: true, user, canRefresh: false } : { signedIn: false, user: null, canRefresh: false },
    "auth.login": (i) => {
      if (i?.password !== "correct horse") throw new MockError("UNAUTHORIZED", 401, "Email or password is incorrect.");
      signedIn = true;
      return { user, accessToken: "mock" };
    },
    "auth.register": (i) => {
      if (i?.email === "taken@example.com")
        throw new MockError("CONFLICT", 409, "An account with this email already exists.");
      signedIn = true;
      return { user: { ...user, email: String(i?.email), name: String(i?.name) }, accessToken: "mock" };
    },
    "auth.logout": () => {
      signedIn = false;
      return { ok: true };
    },
    "auth.refresh": () => {
      throw new MockError("UNAUTHORIZED", 401, "No session.");
    },
    "auth.csrf": () => {
      if (!signedIn) throw new MockError("UNAUTHORIZED", 401, "No browser session: sign in first.");
      return { csrfToken: "mock-csrf" };
    },
    "auth.providers": () => ({
      providers: [
        { id: "google", name: "Google" },
        { id: "github", name: "GitHub" },
      ],
    }),
    "system.uploadConfig": () =>
      uploadConfig({ maxBytes: 2 * 1024 ** 3, minDurationSeconds: 1, maxDurationSeconds: 3600 }),
    "users.updateMe": (i) => ({ ...user, ...(i ?? {}) }),
    "users.deleteMe": () => {
      signedIn = false;
      return { ok: true };
    },
    "videos.list": () => ({ items: empty ? [] : demoVideos, nextCursor: null }),
    "videos.get": (i) => demoVideos.find((v) => v.id === i?.id) ?? demoVideos[0],
    "videos.status": (i) => {
      const id = String(i?.id);
      if (mode === "processing-error")
        return {
          status: "error",
          stage: "transcribe",
          progress: 38,
          error: { code: "AI_SERVICE_ERROR", message: "The transcription service timed out.", retryable: true },
        };
      const n = (statusPolls.get(id) ?? 0) + 1;
      statusPolls.set(id, n);
      const stages = ["queued", "probe", "extract", "transcribe", "visuals", "audio", "fuse", "coach", "persist"];
      const stage = stages[Math.min(stages.length - 1, 3 + Math.floor(n / 3))]!;
      return { status: "processing", stage, progress: Math.min(95, 30 + n * 4) };
    },
    "videos.results": (i) => ({ ...demoResult(), videoId: i?.id, analysisId: "a-1" }),
    "videos.cost": (i) => ({
      videoId: i?.id,
      totalUsd: 0.0123,
      reusedAnalysis: false,
      providers: [
        { provider: "deepgram", costUsd: 0.0043, calls: 1, cachedCalls: 0 },
        { provider: "gemini", costUsd: 0.0008, calls: 2, cachedCalls: 0 },
        { provider: "twelvelabs", costUsd: 0.0072, calls: 3, cachedCalls: 0 },
      ],
    }),
    "videos.streamUrl": () => ({ url: "/mock-video.mp4" }),
    "analytics.overview": () =>
      empty
        ? {
            talksAnalysed: 0,
            talksInProgress: 0,
            totalMinutes: 0,
            averageScore: null,
            bestScore: null,
            best: null,
            latest: null,
            tierDistribution: ["Needs Work", "Developing", "Proficient", "Compelling"].map((tier) => ({
              tier,
              count: 0,
            })),
            topFlagTypes: [],
            changeSincePrevious: null,
          }
        : {
            talksAnalysed: 4,
            talksInProgress: 1,
            totalMinutes: 16.9,
            averageScore: 56.8,
            bestScore: 71,
            best: {
              videoId: demoVideos[0].id,
              title: demoVideos[0].title,
              recordedAt: demoVideos[0].createdAt,
              score: 71,
              tier: "Proficient",
            },
            latest: {
              videoId: demoVideos[0].id,
              title: demoVideos[0].title,
              recordedAt: demoVideos[0].createdAt,
              score: 71,
              tier: "Proficient",
            },
            tierDistribution: [
              { tier: "Needs Work", count: 1 },
              { tier: "Developing", count: 2 },
              { tier: "Proficient", count: 1 },
              { tier: "Compelling", count: 0 },
            ],
            topFlagTypes: [
              { type: "GAZE_AVOIDANCE", count: 9, totalSeconds: 41.5 },
              { type: "CONFIDENCE_MISMATCH", count: 6, totalSeconds: 22 },
              { type: "EMOTIONAL_MISMATCH", count: 4, totalSeconds: 15.2 },
              { type: "NERVOUS_FIDGETING", count: 3, totalSeconds: 17 },
            ],
            changeSincePrevious: { score: 8, wpm: -8, fillerDensity: -0.8, eyeContact: 6, flagsPerMinute: -0.5 },
          },
    "analytics.progress": (i) => ({ range: i?.range ?? "90d", from: null, points: empty ? [] : demoProgressPoints }),
  };

  const realFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = new URL(
      typeof input === "string" ? input : input instanceof URL ? input.href : input.url,
      window.location.href,
    );
    const m = url.pathname.match(/\/trpc\/(.+)$/);
    if (!m) return realFetch(input, init);
    const path = decodeURIComponent(m[1]!);
    const raw = init?.body ? JSON.parse(String(init.body)) : JSON.parse(url.searchParams.get("input") ?? "null");
    const parsed = raw ? (superjson.deserialize(raw) as Record<string, unknown>) : undefined;
    await new Promise((r) => setTimeout(r, 150));
    const handler = handlers[path];
    try {
      if (!handler) throw new MockError("NOT_FOUND", 404, `No procedure ${path}`);
      const out = handler(parsed);
      return new Response(JSON.stringify({ result: { data: superjson.serialize(out) } }), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    } catch (e) {
      const err = e as MockError;
      const body = {
        message: err.message,
        code: -32000,
        data: { error: err.message, code: err.code, retryable: err.retryable, httpStatus: err.status },
      };
      return new Response(JSON.stringify({ error: superjson.serialize(body) }), {
        status: err.status,
        headers: { "content-type": "application/json" },
      });
    }
  };
}
