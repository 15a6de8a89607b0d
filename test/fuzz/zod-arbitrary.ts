import fc from "fast-check";
import type { z } from "zod";

type Def = {
  type: string;
  format?: string;
  checks?: { _zod: { def: Record<string, unknown> } }[];
  [key: string]: unknown;
};

function defOf(schema: unknown): Def {
  return (schema as { _zod: { def: Def } })._zod.def;
}

/** Values that break naive code: wrong types, huge or odd strings, prototype keys. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 2, maxKeys: 4, withNullPrototype: true }),
  fc.constantFrom(
    "",
    " ",
    "null",
    "undefined",
    "0",
    "-1",
    "NaN",
    "1e309",
    "\u0000",
    "' or 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%00",
    "😀".repeat(50),
    "a".repeat(10_000),
    { __proto__: { admin: true } },
    { constructor: { prototype: { polluted: true } } },
    [],
    {},
    Number.MAX_SAFE_INTEGER,
    -0,
    true,
  ),
);

function stringArb(def: Def): fc.Arbitrary<string> {
  let min = 0;
  let max = 64;
  let format = def.format;
  let pattern: RegExp | undefined;
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === "min_length") min = Number(d.minimum);
    if (d.check === "max_length") max = Number(d.maximum);
    if (d.check === "length_equals") min = max = Number(d.length);
    if (d.check === "string_format") {
      format = String(d.format);
      if (d.pattern instanceof RegExp) pattern = d.pattern;
    }
  }
  max = Math.max(min, Math.min(max, min + 256));
  switch (format) {
    case "uuid":
    case "guid":
      return fc.uuid();
    case "email":
      return fc.emailAddress();
    case "url":
      return fc.webUrl();
    case "datetime":
      return fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString());
    case "regex":
      return pattern
        ? fc.stringMatching(pattern).filter((s) => s.length >= min && s.length <= max)
        : fc.string({ minLength: min, maxLength: max });
    default:
      return fc.string({ minLength: min, maxLength: max, unit: "grapheme" });
  }
}

function numberArb(def: Def): fc.Arbitrary<number> {
  let min = -1e6;
  let max = 1e6;
  let int = def.format === "safeint" || def.format === "int32" || def.format === "uint32";
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === "greater_than") min = Number(d.value) + (d.inclusive ? 0 : int ? 1 : 1e-9);
    if (d.check === "less_than") max = Number(d.value) - (d.inclusive ? 0 : int ? 1 : 1e-9);
    if (d.check === "number_format") int = int || String(d.format).includes("int");
  }
  if (min > max) return fc.constant(min);
  return int
    ? fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31)) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/**
 * A fast-check arbitrary for values a zod (v4) schema describes: mostly inputs the
 * schema accepts, so that fuzzing reaches the handler rather than stopping at
 * validation. Unknown schema kinds fall back to `junk`.
 */
export function arbitraryFor(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (depth > 6) return fc.constant(undefined);
  const inner = (key: string) => arbitraryFor(def[key] as z.ZodType, depth + 1);
  switch (def.type) {
    case "string":
      return stringArb(def);
    case "number":
      return numberArb(def);
    case "bigint":
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n });
    case "boolean":
      return fc.boolean();
    case "date":
      return fc.date({ noInvalidDate: true });
    case "null":
      return fc.constant(null);
    case "undefined":
    case "void":
      return fc.constant(undefined);
    case "any":
    case "unknown":
      return junk;
    case "literal":
      return fc.constantFrom(...((def.values as unknown[]) ?? []));
    case "enum":
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case "optional":
      return fc.option(inner("innerType"), { nil: undefined });
    case "nullable":
      return fc.option(inner("innerType"), { nil: null });
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return inner("innerType");
    case "pipe":
      return inner("in");
    case "lazy":
      return arbitraryFor((def.getter as () => z.ZodType)(), depth + 1);
    case "array": {
      let min = 0;
      let max = 5;
      for (const c of def.checks ?? []) {
        const d = c._zod.def;
        if (d.check === "min_length") min = Number(d.minimum);
        if (d.check === "max_length") max = Number(d.maximum);
      }
      return fc.array(inner("element"), { minLength: min, maxLength: Math.max(min, Math.min(max, min + 5)) });
    }
    case "tuple":
      return fc.tuple(...(def.items as z.ZodType[]).map((s) => arbitraryFor(s, depth + 1)));
    case "union":
      return fc.oneof(...(def.options as z.ZodType[]).map((s) => arbitraryFor(s, depth + 1)));
    case "intersection":
      return fc
        .tuple(inner("left"), inner("right"))
        .map(([a, b]) => (typeof a === "object" && typeof b === "object" ? { ...(a as object), ...(b as object) } : a));
    case "record":
      return fc.dictionary(
        arbitraryFor(def.keyType as z.ZodType, depth + 1).map(String),
        arbitraryFor(def.valueType as z.ZodType, depth + 1),
        { maxKeys: 4 },
      );
    case "object": {
      const shape = def.shape as Record<string, z.ZodType>;
      const entries = Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, arbitraryFor(s, depth + 1)]));
      return fc
        .record(entries, { requiredKeys: Object.keys(shape) })
        .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
    }
    default:
      return junk;
  }
}

/**
 * Inputs for fuzzing one procedure: three in four follow its schema (several `.input()`
 * calls merge, as tRPC merges them), one in four is junk that must be rejected cleanly.
 */
export function fuzzInputs(inputs: z.ZodType[]): fc.Arbitrary<unknown> {
  const valid =
    inputs.length === 0
      ? fc.constant(undefined)
      : fc
          .tuple(...inputs.map((s) => arbitraryFor(s)))
          .map((parts) =>
            parts.length === 1
              ? parts[0]
              : parts.reduce<Record<string, unknown>>((acc, p) => Object.assign(acc, p as object), {}),
          );
  return fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: junk, weight: 1 });
}
