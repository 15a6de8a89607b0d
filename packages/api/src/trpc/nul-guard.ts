/** Stops a hostile input from making the walk itself expensive. */
const MAX_VALUES = 100_000;

/**
 * Where the first NUL character sits in an input (in a string or an object key), as a
 * dotted path, or undefined when there is none. Postgres cannot store NUL in text or
 * jsonb: found here, it is a 400 for every procedure instead of a 500 from the database.
 * Iterative, so that deep nesting cannot overflow the stack.
 */
export function findNulCharacter(input: unknown): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value: input, path: "" }];
  for (let visited = 0; stack.length > 0 && visited < MAX_VALUES; visited++) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      if (value.includes("\u0000")) return path || "(input)";
    } else if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        if (key.includes("\u0000")) return childPath;
        stack.push({ value: child, path: childPath });
      }
    }
  }
  return undefined;
}
