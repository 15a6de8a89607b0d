import { useCallback, useEffect, useState } from "react";
import { canStoreTakes, deleteTake, loadLatestTake, type StoredTake } from "./take-store";

/** The signed-in user's recording that has not reached the server yet, if any. */
export function useLatestTake(ownerId: string | undefined) {
  const [take, setTake] = useState<StoredTake | null>(null);
  useEffect(() => {
    if (!ownerId || !canStoreTakes()) return;
    let cancelled = false;
    loadLatestTake(ownerId)
      .then((t) => {
        if (!cancelled) setTake(t);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [ownerId]);
  const discard = useCallback(async () => {
    if (take) await deleteTake(take.id).catch(() => undefined);
    setTake(null);
  }, [take]);
  return { take, discard, forget: () => setTake(null) };
}
