// One group of paced users in its own thread (bench/load/run.ts, `--client-threads`): the groups'
// event loops no longer delay one another, so a busy load generator adds less of its own
// latency to what it measures. The thread says "ready" once loaded (so its start-up is not
// charged to the mix), then runs runPacedUsers on the options it is sent and posts the result.
import { parentPort } from "node:worker_threads";
import { runPacedUsers } from "./paced";

parentPort?.once("message", async (opts: Parameters<typeof runPacedUsers>[0]) => {
  parentPort?.postMessage(await runPacedUsers(opts));
});
parentPort?.postMessage("ready");
