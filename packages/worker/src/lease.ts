import type { Logger } from "@coherence/core";
import { jobsReclaimedTotal } from "@coherence/core";
import type { WorkerEvents } from "graphile-worker";
import pg from "pg";

/** Advisory-lock namespace (first key) for worker liveness; arbitrary and fixed. */
const LEASE_NAMESPACE = 727_002;

export type LeaseOptions = {
  /** How often each worker process looks for jobs held by dead processes. */
  checkIntervalMs: number;
  /** A job must have been locked at least this long before it can be reclaimed. */
  graceMs: number;
};

/**
 * Defaults. graphile-worker 0.18 only frees a locked job after a fixed 4 hours
 * (`job_expiry` in get_job, `interval '4 hours'` in resetLockedAt) and has no option
 * to shorten it; shortening any time-based expiry would hand a slow but healthy
 * job to a second worker. So liveness is decided by the database instead: see
 * `startWorkerLease`. Worst case a dead worker's job waits about
 * graceMs + 2 × checkIntervalMs before another process takes it.
 */
export const DEFAULT_LEASE: LeaseOptions = { checkIntervalMs: 5_000, graceMs: 10_000 };

const HOLD_SQL = `select pg_try_advisory_lock(${LEASE_NAMESPACE}, hashtext($1) & 2147483647) as ok`;

// A pool whose session lock is gone has no live connection holding it: its process died
// (or lost the database), so its jobs are released.
const DEAD_HOLDERS_SQL = `
  select distinct j.locked_by
  from graphile_worker.jobs j
  where j.locked_by is not null
    and j.locked_at < now() - make_interval(secs => $1::float8)
    and not exists (
      select 1 from pg_locks l
      where l.locktype = 'advisory' and l.granted
        and l.database = (select oid from pg_database where datname = current_database())
        and l.classid = ${LEASE_NAMESPACE}::oid
        and l.objid = (hashtext(j.locked_by) & 2147483647)::oid
        and l.objsubid = 2
    )`;

export type WorkerLease = { stop: () => Promise<void>; poolId: () => string | undefined };

/**
 * Worker liveness through Postgres session advisory locks, so that a job whose
 * worker was killed (SIGKILL, OOM, lost host) runs again within seconds rather
 * than after graphile-worker's 4 hours.
 *
 * Each worker pool (one per process; graphile-worker 0.18 locks jobs with the
 * pool id) holds a session advisory lock keyed by its id on a dedicated
 * connection. Postgres releases it the moment that connection dies. Every
 * process periodically lists pools that hold jobs but no lock; a pool seen dead
 * on two consecutive checks (so a live process whose connection blipped has time
 * to take its lock again) has its jobs unlocked with
 * `graphile_worker.force_unlock_workers`, and another worker runs them again.
 * A hash collision can only keep a dead pool looking alive (never the reverse).
 */
export function startWorkerLease(opts: {
  connectionString: string;
  events: WorkerEvents;
  logger: Logger;
  lease?: Partial<LeaseOptions>;
}): WorkerLease {
  const lease = { ...DEFAULT_LEASE, ...opts.lease };
  const log = opts.logger.child({ component: "worker-lease" });
  const pool = new pg.Pool({ connectionString: opts.connectionString, max: 1, application_name: "coherence-reaper" });
  pool.on("error", () => {});
  let stopped = false;
  let poolId: string | undefined;
  let holder: pg.Client | undefined;
  let suspects = new Set<string>();

  const hold = async (): Promise<void> => {
    while (!stopped && poolId && !holder) {
      const client = new pg.Client({ connectionString: opts.connectionString, application_name: "coherence-lease" });
      client.on("error", () => {});
      try {
        await client.connect();
        const { rows } = await client.query<{ ok: boolean }>(HOLD_SQL, [poolId]);
        if (!rows[0]?.ok) throw new Error(`lease for ${poolId} is held elsewhere`);
        holder = client;
        client.once("end", () => {
          holder = undefined;
          if (!stopped) {
            log.warn({ poolId }, "lease connection lost: taking the lease again");
            setTimeout(() => void hold(), 250);
          }
        });
        log.debug({ poolId }, "worker lease held");
      } catch (err) {
        await client.end().catch(() => {});
        if (stopped) return;
        log.warn({ err, poolId }, "cannot take the worker lease yet; retrying");
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  };

  opts.events.on("pool:create", ({ workerPool }) => {
    poolId = workerPool.id;
    void hold();
  });

  const check = async (): Promise<void> => {
    const { rows } = await pool.query<{ locked_by: string }>(DEAD_HOLDERS_SQL, [lease.graceMs / 1000]);
    const dead = new Set(rows.map((r) => r.locked_by).filter((id) => id !== poolId));
    const confirmed = [...dead].filter((id) => suspects.has(id));
    suspects = dead;
    if (confirmed.length === 0) return;
    const { rowCount } = await pool.query("select graphile_worker.force_unlock_workers($1::text[])", [confirmed]);
    jobsReclaimedTotal.inc(confirmed.length);
    log.warn({ workerPools: confirmed, rowCount }, "reclaimed jobs from dead worker processes");
  };

  const timer = setInterval(() => {
    check().catch((err) => log.debug({ err }, "worker lease check failed"));
  }, lease.checkIntervalMs);
  timer.unref();

  return {
    poolId: () => poolId,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await holder?.end().catch(() => {});
      holder = undefined;
      await pool.end().catch(() => {});
    },
  };
}
