import { round } from "../../fusion/text";
import { type MetricContext, times } from "../context";

/** Share of the talk's motion windows whose energy (hands and body) reaches the fidgeting rule. */
export function addFidgetingMetrics({ visual, rules, add }: MetricContext): void {
  if (!visual || visual.motion.length === 0) return;
  const total = visual.motion.reduce((s, m) => s + (m.end - m.start), 0);
  const fidget = visual.motion.filter((m) => m.energy >= rules.fidgetEnergy);
  const fidgetSeconds = fidget.reduce((s, m) => s + (m.end - m.start), 0);
  add({
    name: "fidgetingShare",
    value: round(total > 0 ? (100 * fidgetSeconds) / total : 0, 1),
    unit: "%",
    details: { times: times(fidget) },
  });
}
