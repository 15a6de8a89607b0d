import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "../paths";
import "./db-pool";
import { metricsRegistry } from "./metrics";
import "./queue";

type Rule = {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};

const file = resolve(REPO_ROOT, "ops/prometheus/alerts.yml");
const groups = (parse(readFileSync(file, "utf8")) as { groups: { name: string; rules: Rule[] }[] }).groups;
const rules = groups.flatMap((g) => g.rules);

// Metrics Prometheus itself provides; every other name must be registered by our code.
const BUILTIN = new Set(["up"]);
const FUNCTIONS = new Set([
  "sum",
  "rate",
  "increase",
  "max",
  "min",
  "by",
  "histogram_quantile",
  "clamp_min",
  "avg",
  "without",
  "on",
]);

/** Series names in an expression: identifiers followed by `{`, `[`, or standing alone, minus functions and labels. */
function metricNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"[^"]*"/g, '""');
  const withoutMatchers = withoutStrings.replace(/\{[^}]*\}/g, "{}").replace(/\bby\s*\([^)]*\)/g, "");
  const names = [...withoutMatchers.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]);
  return names.filter((n) => !FUNCTIONS.has(n) && !/^\d/.test(n) && !/^(e|m|s|h)$/.test(n) && n !== "le");
}

/** Names a registered metric exposes, including a histogram's _bucket, _sum and _count series. */
async function exposedNames(): Promise<Set<string>> {
  const out = new Set<string>();
  for (const m of await metricsRegistry.getMetricsAsJSON()) {
    out.add(m.name);
    if (String(m.type) === "histogram")
      for (const suffix of ["_bucket", "_sum", "_count"]) out.add(`${m.name}${suffix}`);
  }
  return out;
}

describe("ops/prometheus/alerts.yml", () => {
  it("parses, and covers queue age, error rate, p99 latency and failed jobs", () => {
    expect(rules.length).toBeGreaterThanOrEqual(4);
    const exprs = rules.map((r) => r.expr).join("\n");
    expect(exprs).toContain("coherence_queue_oldest_ready_job_age_seconds");
    expect(exprs).toMatch(/coherence_http_requests_total\{status_code=~"5\.\."\}/);
    expect(exprs).toMatch(/histogram_quantile\(0\.99,[\s\S]*coherence_http_request_duration_seconds_bucket/);
    expect(exprs).toMatch(/coherence_jobs_total\{outcome="failed"\}/);
  });

  it("gives every rule a name, an expression, a severity and a runbook that exists in operations.md", () => {
    const ops = readFileSync(resolve(REPO_ROOT, "documentation/operations.md"), "utf8").toLowerCase();
    for (const rule of rules) {
      expect(rule.alert).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(rule.expr.trim().length).toBeGreaterThan(0);
      expect(["page", "ticket"]).toContain(rule.labels?.severity);
      const anchor = rule.annotations?.runbook?.split("#")[1];
      expect(anchor, rule.alert).toBe(rule.alert.toLowerCase());
      expect(ops, `runbook heading for ${rule.alert}`).toContain(`### ${rule.alert.toLowerCase()}`);
    }
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
  });

  it("only references metrics the code registers", async () => {
    const exposed = await exposedNames();
    expect(exposed.has("coherence_http_request_duration_seconds_bucket")).toBe(true);
    for (const rule of rules) {
      const names = metricNames(rule.expr);
      expect(names.length, rule.alert).toBeGreaterThan(0);
      for (const name of names) {
        expect(exposed.has(name) || BUILTIN.has(name), `${rule.alert} uses ${name}, which no code registers`).toBe(
          true,
        );
      }
    }
  });

  it("has balanced parentheses and braces in every expression", () => {
    for (const rule of rules) {
      for (const [open, close] of [
        ["(", ")"],
        ["{", "}"],
        ["[", "]"],
      ] as const) {
        expect(rule.expr.split(open).length, `${rule.alert} ${open}${close}`).toBe(rule.expr.split(close).length);
      }
    }
  });
});
