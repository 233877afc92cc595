// The consent banner's choices before signup: a first-party cookie, readable by the client so it
// can record the same choices through the API (its consent records) once the user has an account.
// Necessary cookies need no consent; the optional purposes are off until the reader says yes.
export const CONSENT_COOKIE = "phoenix_consent";
export const purposes = ["analytics", "personalization"] as const;
export type Purpose = (typeof purposes)[number];
export type Choices = Record<Purpose, boolean>;

const VERSION = "v1";
/** A year: the CNIL's guidance for how long a choice may be kept before asking again (13 months max). */
export const CONSENT_MAX_AGE_SECONDS = 365 * 24 * 3600;

/** "v1:analytics=1,personalization=0" — versioned, so a new purpose asks again. */
export function encodeChoices(choices: Choices): string {
  return `${VERSION}:${purposes.map((p) => `${p}=${choices[p] ? 1 : 0}`).join(",")}`;
}

/** The choices a cookie holds, or null when there is none or it is not ours (the banner shows). */
export function decodeChoices(value: string | undefined): Choices | null {
  if (!value?.startsWith(`${VERSION}:`)) return null;
  const pairs = new Map(
    value
      .slice(VERSION.length + 1)
      .split(",")
      .map((pair) => pair.split("=") as [string, string | undefined]),
  );
  const choices = {} as Choices;
  for (const purpose of purposes) {
    const flag = pairs.get(purpose);
    if (flag !== "0" && flag !== "1") return null;
    choices[purpose] = flag === "1";
  }
  return choices;
}

/** The banner's form: "accept" and "reject" decide every purpose; "save" takes the boxes ticked. */
export function choicesFromForm(form: Record<string, string | undefined>): Choices | null {
  const all = (value: boolean) => Object.fromEntries(purposes.map((p) => [p, value])) as Choices;
  switch (form.choice) {
    case "accept":
      return all(true);
    case "reject":
      return all(false);
    case "save":
      return Object.fromEntries(purposes.map((p) => [p, form[p] === "on"])) as Choices;
    default:
      return null;
  }
}
