const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function assertId(id: string, what: string): string {
  if (!UUID.test(id)) throw new Error(`storage key: ${what} must be a UUID, got ${JSON.stringify(id).slice(0, 60)}`);
  return id.toLowerCase();
}

/** Everything stored for one user lives under this prefix (account deletion removes it). */
export function userPrefix(userId: string): string {
  return `users/${assertId(userId, "userId")}/`;
}

/** Everything stored for one video. */
export function videoPrefix(userId: string, videoId: string): string {
  return `${userPrefix(userId)}videos/${assertId(videoId, "videoId")}/`;
}

/** The uploaded file as received. */
export function originalVideoKey(userId: string, videoId: string): string {
  return `${videoPrefix(userId, videoId)}original`;
}
