import { type KeyboardEvent, useRef, useState } from "react";

/**
 * One tab stop for a long run of buttons (transcript words, script marks): Tab enters at the
 * last one used, arrow keys, Home and End move between them.
 */
export function useRovingFocus(count: number) {
  const [focus, setFocus] = useState(0);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (e: KeyboardEvent, to: number) => {
    e.preventDefault();
    const next = Math.max(0, Math.min(count - 1, to));
    setFocus(next);
    refs.current[next]?.focus();
  };
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    if (e.key === "ArrowRight") move(e, i + 1);
    else if (e.key === "ArrowLeft") move(e, i - 1);
    else if (e.key === "Home") move(e, 0);
    else if (e.key === "End") move(e, count - 1);
  };
  return { focus, setFocus, refs, onKey };
}
