import { describe, expect, it } from "vitest";
import { createReadinessCheck } from "./readiness";

/** A fake database: records each statement, answers from `applied`, or throws while `down`. */
function fakeDb(applied: string[]) {
  const state = { applied, down: false, statements: [] as string[] };
  const query = async (text: string) => {
    state.statements.push(text);
    if (state.down) throw new Error("connect ECONNREFUSED");
    return { rows: text.includes("schema_migrations") ? state.applied.map((name) => ({ name })) : [] };
  };
  return { state, query };
}

const NAMES = ["0001_core.sql", "0002_auth.sql"];

describe("readiness check", () => {
  it("reads schema_migrations once, then answers with one `select 1` until the refresh is due", async () => {
    const db = fakeDb([...NAMES]);
    let t = 1_000;
    const check = createReadinessCheck({ query: db.query, migrationNames: NAMES, refreshMs: 5_000, now: () => t });
    expect(await check()).toEqual({ ready: true });
    t += 1_000;
    expect(await check()).toEqual({ ready: true });
    t += 1_000;
    expect(await check()).toEqual({ ready: true });
    expect(db.state.statements).toEqual(["select name from schema_migrations", "select 1", "select 1"]);
    t += 5_000;
    db.state.applied = ["0001_core.sql"];
    expect(await check()).toEqual({ ready: false, pending: ["0002_auth.sql"] });
    expect(db.state.statements.at(-1)).toBe("select name from schema_migrations");
  });

  it("does not remember a pending answer: ready as soon as the migration lands", async () => {
    const db = fakeDb(["0001_core.sql"]);
    const check = createReadinessCheck({ query: db.query, migrationNames: NAMES, refreshMs: 60_000, now: () => 0 });
    expect(await check()).toEqual({ ready: false, pending: ["0002_auth.sql"] });
    db.state.applied = [...NAMES];
    expect(await check()).toEqual({ ready: true });
  });

  it("throws while the database is down, even with a cached answer, and recovers after", async () => {
    const db = fakeDb([...NAMES]);
    const check = createReadinessCheck({ query: db.query, migrationNames: NAMES, refreshMs: 60_000, now: () => 0 });
    expect(await check()).toEqual({ ready: true });
    db.state.down = true;
    await expect(check()).rejects.toThrow("ECONNREFUSED");
    db.state.down = false;
    expect(await check()).toEqual({ ready: true });
  });
});
