// Where to go right after signing in or up. The auth page records it before it
// stores the session; RedirectIfSignedIn, which reacts to that session, reads it.
// Navigating from both places raced: the guard's redirect could win.
let next: string | null = null;

/** Records the page to open once the session is stored. */
export function setPostAuthTarget(path: string): void {
  next = path;
}

/** The recorded page, or the dashboard. Pure, so a double render (StrictMode) reads the same. */
export function postAuthTarget(): string {
  return next ?? "/";
}

/** Forgets the target once the signed-in app is showing. */
export function clearPostAuthTarget(): void {
  next = null;
}
