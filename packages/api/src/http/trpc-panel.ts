import type { AnyTRPCRouter } from "@trpc/server";

/**
 * trpc-ui-zod4 1.1.0 wraps each procedure's input schema, with superjson, as an object that
 * requires a `json` key. A procedure without input (`z.void()`) serialises to no `json`
 * key at all, so with "Validate input on client" ticked (the default) Execute failed that
 * check on a field the form does not show: nothing was sent and no error appeared.
 * Under zod 4 the panel's own schemas are empty (its zod-to-json-schema reads zod 3), so
 * that requirement was all the client-side check did; the server validates every input.
 * See documentation/decisions/0019-trpc-panel-void-inputs.md.
 */
export const PANEL_JSON_REQUIREMENT = 'required:["json"],additionalProperties:!0}';
const WITHOUT_REQUIREMENT = "additionalProperties:!0}";

/** The development panel's page, with the library's void-input bug worked around. */
export async function renderPanelHtml(router: AnyTRPCRouter): Promise<string> {
  const { renderTrpcPanel } = await import("trpc-ui-zod4");
  const html = renderTrpcPanel(router, {
    url: "/trpc",
    transformer: "superjson",
    meta: { title: "Coherence API" },
  });
  // A later version without the pattern is served as it is (the test in trpc-panel.int.test.ts notices).
  return html.replace(PANEL_JSON_REQUIREMENT, WITHOUT_REQUIREMENT);
}
