#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so that no build step is needed.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../src/cli.ts");
process.exitCode = await runCli(process.argv.slice(2));
