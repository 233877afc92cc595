// Onboarding's calls: the profile's phone, time zone and language; the user's Phoenix number.
import { api } from "../../../app/api.ts";
import { ProblemError, unwrap } from "../../../app/problems.ts";
import type { components, paths } from "../../../api/schema.d.ts";

export type PhoenixNumber = components["schemas"]["Number"];
type ProfilePatch = NonNullable<paths["/v1/me"]["patch"]["requestBody"]>["content"]["application/json"];

export const updateProfile = (body: ProfilePatch) => unwrap(api.PATCH("/v1/me", { body }));

/** The user's number, or null while none is activated. */
export async function getNumber(): Promise<PhoenixNumber | null> {
  try {
    return await unwrap(api.GET("/v1/me/number"));
  } catch (error) {
    if (error instanceof ProblemError && error.problem.code === "no_number") return null;
    throw error;
  }
}

/** Asks for a number (any available one); answers at once with its state, usually provisioning. */
export const activateNumber = () => unwrap(api.POST("/v1/me/number", { body: {} }));
