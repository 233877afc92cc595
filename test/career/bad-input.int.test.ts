// Bad input to career: every refusal is a 4xx whose body carries a stable code and a reason in
// the user's language (Accept-Language, else French); nothing answers 5xx, nothing is half-written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toJsonResume } from "../../services/career/src/cv/json-resume.ts";
import { sampleCv } from "../../services/career/src/cv/samples.ts";
import { startTestCareer } from "./harness.ts";
import type { TestCareer, TestUser } from "./harness.ts";

let career: TestCareer;

beforeAll(async () => {
  career = await startTestCareer();
});
afterAll(async () => {
  await career.close();
});

async function importCv(user: TestUser) {
  const response = await career.call(user, {
    method: "POST",
    url: "/v1/cv/json-resume",
    payload: toJsonResume(sampleCv("fr")),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>();
}

const generate = (user: TestUser, body: Record<string, unknown>) =>
  career.call(user, { method: "POST", url: "/v1/letters", payload: body });

describe("bad input: 4xx with a reason in the user's language, never 5xx", () => {
  const cases: {
    name: string;
    request: () => Promise<{
      method: "POST" | "GET" | "PUT";
      url: string;
      payload?: string | object;
      headers?: Record<string, string>;
    }>;
    status: number;
    error: string;
  }[] = [
    {
      name: "unparsable JSON",
      request: () =>
        Promise.resolve({
          method: "POST",
          url: "/v1/cv",
          payload: "{not json",
          headers: { "content-type": "application/json" },
        }),
      status: 400,
      error: "invalid_json",
    },
    {
      name: "a CV without a name",
      request: () => Promise.resolve({ method: "POST", url: "/v1/cv/json-resume", payload: { basics: {} } }),
      status: 400,
      error: "invalid_cv",
    },
    {
      name: "a date that is not a date",
      request: () =>
        Promise.resolve({
          method: "POST",
          url: "/v1/cv",
          payload: {
            cv: {
              ...sampleCv("fr"),
              work: [{ name: "X", position: "Y", startDate: "hier", highlights: [] }],
            },
          },
        }),
      status: 400,
      error: "validation_error",
    },
    {
      name: "a CV language other than fr or en",
      request: () =>
        Promise.resolve({
          method: "POST",
          url: "/v1/cv",
          payload: { cv: { ...sampleCv("fr"), language: "de" } },
        }),
      status: 400,
      error: "validation_error",
    },
    {
      name: "an offer of blanks",
      request: () =>
        Promise.resolve({
          method: "POST",
          url: "/v1/job-offers/analyses",
          payload: { offer: " \n\t ", cvId: "00000000-0000-4000-8000-000000000000" },
        }),
      status: 404,
      error: "cv_not_found",
    },
    {
      name: "an offer too long",
      request: () =>
        Promise.resolve({
          method: "POST",
          url: "/v1/job-offers/analyses",
          payload: { offer: "x".repeat(20_001), cvId: "00000000-0000-4000-8000-000000000000" },
        }),
      status: 400,
      error: "validation_error",
    },
    {
      name: "an id that is not a uuid",
      request: () => Promise.resolve({ method: "GET", url: "/v1/letters/123" }),
      status: 400,
      error: "validation_error",
    },
    {
      name: "an unknown tone",
      request: () =>
        Promise.resolve({
          method: "POST",
          url: "/v1/letters",
          payload: {
            cvId: "00000000-0000-4000-8000-000000000000",
            role: "x",
            template: "classic",
            tone: "angry",
            length: "short",
          },
        }),
      status: 400,
      error: "validation_error",
    },
    {
      name: "a letter with neither offer nor role",
      request: () =>
        Promise.resolve({
          method: "POST",
          url: "/v1/letters",
          payload: {
            cvId: "00000000-0000-4000-8000-000000000000",
            template: "classic",
            tone: "warm",
            length: "short",
          },
        }),
      status: 404,
      error: "cv_not_found",
    },
  ];

  it.each(cases)(
    "$name → $status $error, reason in French and in English",
    async ({ request, status, error }) => {
      const user = await career.user();
      for (const [language, header] of [
        ["fr", "fr-FR"],
        ["en", "en"],
      ] as const) {
        const response = await career.call(user, {
          ...(await request()),
          headers: { ...(await request()).headers, "accept-language": header },
        });
        expect(response.statusCode, response.body).toBe(status);
        const body = response.json<{ error: string; reason: string }>();
        expect(body.error).toBe(error);
        expect(body.reason.length).toBeGreaterThan(10);
        if (language === "fr") expect(body.reason).toMatch(/[éèàç]|vous|Ce |Certaines|La /);
        else expect(body.reason).not.toMatch(/[éèàç]/);
      }
    },
  );

  it("an empty offer against a real CV is empty_offer", async () => {
    const user = await career.user({ plan: "premium" });
    const cv = await importCv(user);
    const response = await career.call(user, {
      method: "POST",
      url: "/v1/job-offers/analyses",
      payload: { offer: " \n\t ", cvId: cv.id },
      headers: { "accept-language": "en" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: "empty_offer",
      reason: "The offer is empty: paste the job ad's text.",
    });
  });

  it("a letter with neither offer nor role, for a real CV, is a validation error", async () => {
    const user = await career.user({ plan: "premium" });
    const cv = await importCv(user);
    const response = await generate(user, {
      cvId: cv.id,
      template: "classic",
      tone: "warm",
      length: "short",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "validation_error" });
  });

  it("no token, or a bad one, is a 401 with a reason", async () => {
    const none = await career.call(undefined, { method: "GET", url: "/v1/letters" });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({
      error: "unauthenticated",
      reason: "Vous n'êtes pas connecté(e) : reconnectez-vous.",
    });
    const bad = await career.call(undefined, {
      method: "GET",
      url: "/v1/cv",
      headers: { authorization: "Bearer abc.def.ghi" },
    });
    expect(bad.statusCode).toBe(401);
  });
});
