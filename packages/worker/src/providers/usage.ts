/** One billable unit count reported by a provider call. */
export type UsageItem = {
  operation: string;
  units: number;
  /** audio_minute, video_minute, input_token, output_token, request … (keys of the price table). */
  unitKind: string;
  /** Provider-side latency of this operation, when the provider measured it separately. */
  latencyMs?: number;
};

// Results are plain data (transcripts, timelines, reports); the usage that produced them
// rides alongside in a WeakMap so that the shared result types stay unchanged.
const registry = new WeakMap<object, UsageItem[]>();

/** Records what producing `result` consumed; the usage recorder reads it back. */
export function attachUsage<T extends object>(result: T, items: UsageItem[]): T {
  registry.set(result, [...(registry.get(result) ?? []), ...items]);
  return result;
}

/** The usage a provider attached to its result, if any. */
export function usageOf(result: object): UsageItem[] | undefined {
  return registry.get(result);
}
