// vitest globalSetup: each run's temporary files go in one folder of its own, removed when the
// run ends. Test workers start after this and inherit TMPDIR, so os.tmpdir() there (and in the
// tools they spawn: ffmpeg, espeak-ng, pocketsphinx, Chromium) points into the run's folder, and a
// test that forgets its afterAll no longer leaves coherence-* folders in /tmp.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const runDir = mkdtempSync(join(tmpdir(), "coherence-test-run-"));
  process.env.TMPDIR = runDir;
  process.env.COHERENCE_TEST_RUN_TMPDIR = runDir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(runDir, { recursive: true, force: true });
  };
}
