// A recording is kept in the browser's IndexedDB until the server has acknowledged it, so a reload,
// a crash or a dropped connection never loses a take. Chunks are written as MediaRecorder emits
// them (every second): even a tab that crashed mid-recording leaves a playable take behind.

const DB_NAME = "coherence-recordings";
const DB_VERSION = 1;
const TAKES = "takes";
const CHUNKS = "chunks";

/** What is known about a stored take, without its bytes. */
export type TakeInfo = {
  id: string;
  ownerId: string;
  mimeType: string;
  createdAt: number;
  /** Seconds recorded; for a take whose recording was cut short, the seconds that reached storage. */
  durationSeconds: number;
  /** false while recording, or when the tab closed before the recording stopped. */
  complete: boolean;
  title?: string;
  script?: string;
};
export type StoredTake = TakeInfo & { blob: Blob };
type Chunk = { takeId: string; seq: number; blob: Blob };

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException("Transaction aborted", "AbortError"));
  });
}

let opened: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore(TAKES, { keyPath: "id" });
      db.createObjectStore(CHUNKS, { keyPath: ["takeId", "seq"] }).createIndex("takeId", "takeId");
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => {
      opened = null;
      reject(req.error);
    };
  });
  return opened;
}

async function write(stores: string[], work: (tx: IDBTransaction) => void): Promise<void> {
  const tx = (await open()).transaction(stores, "readwrite");
  work(tx);
  await done(tx);
}

function removeChunks(tx: IDBTransaction, takeId: string) {
  tx.objectStore(CHUNKS).delete(IDBKeyRange.bound([takeId, 0], [takeId, Number.MAX_SAFE_INTEGER]));
}

/** Starts a take. Only the latest take is kept: older ones of this user are removed. */
export async function createTake(info: Omit<TakeInfo, "complete" | "durationSeconds">): Promise<void> {
  const older = (await listTakes()).filter((t) => t.ownerId === info.ownerId);
  await write([TAKES, CHUNKS], (tx) => {
    for (const t of older) {
      tx.objectStore(TAKES).delete(t.id);
      removeChunks(tx, t.id);
    }
    tx.objectStore(TAKES).put({ ...info, complete: false, durationSeconds: 0 } satisfies TakeInfo);
  });
}

/** Appends a chunk MediaRecorder emitted, and how long the take is so far. */
export async function appendChunk(opts: { takeId: string; seq: number; blob: Blob; durationSeconds: number }) {
  const take = await getTake(opts.takeId);
  await write([TAKES, CHUNKS], (tx) => {
    tx.objectStore(CHUNKS).put({ takeId: opts.takeId, seq: opts.seq, blob: opts.blob } satisfies Chunk);
    if (take) tx.objectStore(TAKES).put({ ...take, durationSeconds: opts.durationSeconds });
  });
}

/** Marks a take complete (or records its title and script before sending). */
export async function updateTake(id: string, patch: Partial<Omit<TakeInfo, "id" | "ownerId">>): Promise<void> {
  const take = await getTake(id);
  if (!take) return;
  await write([TAKES], (tx) => tx.objectStore(TAKES).put({ ...take, ...patch }));
}

async function getTake(id: string): Promise<TakeInfo | undefined> {
  const tx = (await open()).transaction(TAKES, "readonly");
  return request<TakeInfo | undefined>(tx.objectStore(TAKES).get(id));
}

async function listTakes(): Promise<TakeInfo[]> {
  const tx = (await open()).transaction(TAKES, "readonly");
  return request<TakeInfo[]>(tx.objectStore(TAKES).getAll());
}

/** This user's last take with its bytes, if one is waiting to be sent; null when there is none. */
export async function loadLatestTake(ownerId: string): Promise<StoredTake | null> {
  const take = (await listTakes()).filter((t) => t.ownerId === ownerId).sort((a, b) => b.createdAt - a.createdAt)[0];
  if (!take) return null;
  const tx = (await open()).transaction(CHUNKS, "readonly");
  const chunks = await request<Chunk[]>(tx.objectStore(CHUNKS).index("takeId").getAll(take.id));
  if (chunks.length === 0) return null;
  chunks.sort((a, b) => a.seq - b.seq);
  return {
    ...take,
    blob: new Blob(
      chunks.map((c) => c.blob),
      { type: take.mimeType },
    ),
  };
}

/** Removes a take once the server has it (or the presenter discards it). */
export async function deleteTake(id: string): Promise<void> {
  await write([TAKES, CHUNKS], (tx) => {
    tx.objectStore(TAKES).delete(id);
    removeChunks(tx, id);
  });
}

/** Whether this browser can keep takes at all (private windows in some browsers cannot). */
export function canStoreTakes(): boolean {
  return typeof indexedDB !== "undefined";
}
