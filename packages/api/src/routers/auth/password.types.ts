import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from "@coherence/core";
import { z } from "zod";

// Every password field, from one rule: at most PASSWORD_MAX_LENGTH characters, counted in
// code points as the policy counts them, and as JSON Schema's maxLength does, so the
// OpenAPI document says 128 because the server enforces 128.

const TOO_LONG = `Password must be at most ${PASSWORD_MAX_LENGTH} characters long.`;

/** A code point takes at most two UTF-16 units: longer strings are refused without counting. */
function withinMaxLength(value: string): boolean {
  if (value.length <= PASSWORD_MAX_LENGTH) return true;
  return value.length <= 2 * PASSWORD_MAX_LENGTH && [...value].length <= PASSWORD_MAX_LENGTH;
}

/** A password being checked: sign-in, confirming a change or a deletion. */
export const ZPasswordInput = z
  .string()
  .min(1, "Enter your password.")
  // abort: a too-long password gets this one message, nothing after it.
  .refine(withinMaxLength, { message: TOO_LONG, abort: true })
  .meta({ maxLength: PASSWORD_MAX_LENGTH });

/** A new password: the same maximum, then the policy (length, not common, not the email). */
export const ZNewPassword = z
  .string()
  .refine(withinMaxLength, { message: TOO_LONG, abort: true })
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `Password ${problem}.` });
  })
  .meta({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH });
