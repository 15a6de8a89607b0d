import { resolve } from "node:path";

/** The repository root, found from this file so it holds for every cwd. */
export const REPO_ROOT = resolve(import.meta.dirname, "../../..");
export const MIGRATIONS_DIR = resolve(REPO_ROOT, "migrations");
