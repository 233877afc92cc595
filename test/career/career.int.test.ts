// services/career against the real Postgres (RLS) and Redis, with the API's access tokens: JSON
// Resume in and out, Mirror Match stored once per offer and CV, letters with versions, the free
// plan's monthly quotas (the fourth letter refused with what to do, then Premium lets it through),
// events with source_app "career", and bad input answered 4xx with a reason in the user's language.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toJsonResume } from "../../services/career/src/cv/json-resume.ts";
import { sampleCv } from "../../services/career/src/cv/samples.ts";
import { docxText } from "../../services/career/src/render/docx-text.ts";
import { pdfText } from "../../services/career/src/render/extract.ts";
import { startTestCareer } from "./harness.ts";
import type { TestCareer, TestUser } from "./harness.ts";

let career: TestCareer;

beforeAll(async () => {
  career = await startTestCareer();
});
afterAll(async () => {
  await career.close();
});

const offer = `Chef de projet digital H/F
Agence Exemple recherche un chef de projet digital.
Missions : gestion de projet, suivi du budget, coordination en méthode Scrum.
Profil : JavaScript, Docker, anglais courant.
Un plus : Figma.`;

async function importCv(user: TestUser, language: "fr" | "en" = "fr") {
  const response = await career.call(user, {
    method: "POST",
    url: "/v1/cv/json-resume",
    payload: toJsonResume(sampleCv(language)),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; quota: { remaining: number | null } }>();
}

const generate = (user: TestUser, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  career.call(user, { method: "POST", url: "/v1/letters", payload: body, headers });

describe("CVs", () => {
  it("imports a JSON Resume and exports the same document; another user cannot see it", async () => {
    const user = await career.user();
    const made = await importCv(user);
    expect(made.quota.remaining).toBe(0);
    const exported = await career.call(user, { method: "GET", url: `/v1/cv/${made.id}/json-resume` });
    expect(exported.json()).toEqual(JSON.parse(JSON.stringify(toJsonResume(sampleCv("fr")))));
    const stranger = await career.user();
    const peek = await career.call(stranger, { method: "GET", url: `/v1/cv/${made.id}` });
    expect(peek.statusCode).toBe(404);
    expect(peek.json()).toMatchObject({ error: "cv_not_found", reason: "Ce CV n'existe pas (ou plus)." });
  });

  it("the free plan's second CV of the month is refused with what to do; premium is not limited", async () => {
    const user = await career.user();
    await importCv(user);
    const second = await career.call(user, {
      method: "POST",
      url: "/v1/cv",
      payload: { cv: sampleCv("en") },
      headers: { "accept-language": "en" },
    });
    expect(second.statusCode).toBe(429);
    expect(second.json()).toMatchObject({
      error: "cvs_quota_exhausted",
      quota: { product: "cv", limit: 1, remaining: 0 },
    });
    expect(second.json<{ reason: string }>().reason).toMatch(/go Premium/i);
    const premium = await career.user({ plan: "premium" });
    await importCv(premium);
    const again = await importCv(premium);
    expect(again.quota.remaining).toBeNull();
    const cvs = await career.asSystem<{ n: number }>(
      "SELECT count(*)::int AS n FROM cvs WHERE user_id = $1",
      [user.id],
    );
    expect(cvs[0]!.n).toBe(1);
  });

  it("locks the premium templates for free users", async () => {
    const user = await career.user();
    const templates = await career.call(user, { method: "GET", url: "/v1/cv/templates" });
    expect(
      templates
        .json<{ templates: { id: string; locked: boolean }[] }>()
        .templates.filter((t) => t.locked)
        .map((t) => t.id),
    ).toEqual(["modern", "elegant"]);
    const refused = await career.call(user, {
      method: "POST",
      url: "/v1/cv",
      payload: { template: "modern", cv: sampleCv("fr") },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: "premium_template" });
    // Refused before counting: the month's CV is still there to take.
    expect((await career.call(user, { method: "GET", url: "/v1/cv/quota" })).json()).toMatchObject({
      used: 0,
      remaining: 1,
    });
  });
});

describe("Mirror Match", () => {
  it("the same offer analysed twice is one analysis and one event", async () => {
    const user = await career.user();
    const cv = await importCv(user);
    const first = await career.call(user, {
      method: "POST",
      url: "/v1/job-offers/analyses",
      payload: { offer, cvId: cv.id },
    });
    expect(first.statusCode).toBe(201);
    const analysed = first.json<{
      analysisId: string;
      offerId: string;
      analysis: { score: number; missing: { term: string }[] };
    }>();
    expect(analysed.analysis.missing.map((term) => term.term)).toContain("docker");
    const respaced = `  ${offer.replaceAll("\n", " \n\n")}  `;
    const second = await career.call(user, {
      method: "POST",
      url: "/v1/job-offers/analyses",
      payload: { offer: respaced, cvId: cv.id },
    });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({
      reused: true,
      analysisId: analysed.analysisId,
      offerId: analysed.offerId,
    });
    const events = await career.asSystem<{ source_app: string }>(
      "SELECT source_app FROM events WHERE user_id = $1 AND type = 'job_offer.analyzed'",
      [user.id],
    );
    expect(events).toEqual([{ source_app: "career" }]);
    const list = await career.call(user, { method: "GET", url: "/v1/job-offers" });
    expect(list.json<{ items: { analyses: unknown[] }[] }>().items[0]!.analyses).toHaveLength(1);
  });
});

describe("letters", () => {
  it("the fourth letter of a free user is refused with what to do, in French or English; after Checkout it goes through", async () => {
    const user = await career.user();
    const cv = await importCv(user);
    const analysed = (
      await career.call(user, {
        method: "POST",
        url: "/v1/job-offers/analyses",
        payload: { offer, cvId: cv.id },
      })
    ).json<{ offerId: string }>();
    const body = {
      cvId: cv.id,
      offerId: analysed.offerId,
      template: "classic",
      tone: "warm",
      length: "standard",
    };
    for (const remaining of [2, 1, 0]) {
      const made = await generate(user, body);
      expect(made.statusCode, made.body).toBe(201);
      expect(made.json()).toMatchObject({ quota: { product: "letters", limit: 3, remaining } });
    }
    const fourth = await generate(user, body);
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json()).toMatchObject({
      error: "letters_quota_exhausted",
      quota: { used: 3, remaining: 0 },
    });
    expect(fourth.json<{ reason: string }>().reason).toContain("Passez à Premium");
    const fourthEn = await generate(user, body, { "accept-language": "en-GB,en;q=0.9" });
    expect(fourthEn.json<{ reason: string }>().reason).toContain("Go Premium");
    // A paid Checkout: Stripe now grants the Premium features (quota-checkout.int.test.ts goes
    // through the API's checkout route and webhook).
    await career.subscribe(user.id);
    const afterCheckout = await generate(user, { ...body, template: "impact" });
    expect(afterCheckout.statusCode).toBe(201);
    expect(afterCheckout.json()).toMatchObject({ quota: { plan: "premium", limit: null } });
    const letters = await career.asSystem<{ n: number }>(
      "SELECT count(*)::int AS n FROM letters WHERE user_id = $1",
      [user.id],
    );
    expect(letters[0]!.n).toBe(4);
  });

  it("writes the offer's role and company, records letter.generated with the score and missing skills, keeps versions", async () => {
    const user = await career.user({ plan: "premium" });
    const cv = await importCv(user);
    const analysed = (
      await career.call(user, {
        method: "POST",
        url: "/v1/job-offers/analyses",
        payload: { offer, cvId: cv.id, company: "Agence Exemple" },
      })
    ).json<{ offerId: string; analysis: { score: number } }>();
    const made = await generate(user, {
      cvId: cv.id,
      offerId: analysed.offerId,
      template: "transition",
      tone: "formal",
      length: "long",
      language: "en",
    });
    expect(made.statusCode).toBe(201);
    const letter = made.json<{
      id: string;
      role: string;
      versions: { text: string; version: number; source: string }[];
    }>();
    expect(letter.role).toBe("chef de projet digital");
    expect(letter.versions[0]!.text).toContain("Agence Exemple");
    expect(letter.versions[0]!.text).not.toContain("Docker");
    const [event] = await career.asSystem<{
      payload: { score: number; missing: string[] };
      source_app: string;
    }>("SELECT payload, source_app FROM events WHERE user_id = $1 AND type = 'letter.generated'", [user.id]);
    expect(event!.source_app).toBe("career");
    expect(event!.payload.score).toBe(analysed.analysis.score);
    expect(event!.payload.missing).toContain("Docker");
    const edited = await career.call(user, {
      method: "PUT",
      url: `/v1/letters/${letter.id}`,
      payload: { text: "Dear Sir or Madam, my own words." },
    });
    expect(
      edited
        .json<{ versions: { version: number; source: string }[] }>()
        .versions.map((v) => [v.version, v.source]),
    ).toEqual([
      [1, "template"],
      [2, "edit"],
    ]);
  });

  it("a failed generation gives its unit back, and a free user cannot use a premium template", async () => {
    const user = await career.user();
    const missingCv = await generate(user, {
      cvId: "00000000-0000-4000-8000-000000000000",
      role: "analyste",
      template: "classic",
      tone: "bold",
      length: "short",
    });
    expect(missingCv.statusCode).toBe(404);
    expect((await career.call(user, { method: "GET", url: "/v1/letters/quota" })).json()).toMatchObject({
      used: 0,
      remaining: 3,
    });
    const premium = await generate(user, {
      cvId: "00000000-0000-4000-8000-000000000000",
      role: "analyste",
      template: "impact",
      tone: "bold",
      length: "short",
    });
    expect(premium.statusCode).toBe(403);
    expect(premium.json()).toMatchObject({ error: "premium_template" });
  });
});

it("publishes its OpenAPI document with the three route families", async () => {
  const response = await career.app.inject({ method: "GET", url: "/docs/openapi.json" });
  const paths = Object.keys(response.json<{ paths: Record<string, unknown> }>().paths);
  for (const path of [
    "/v1/cv/",
    "/v1/cv/json-resume",
    "/v1/job-offers/analyses",
    "/v1/letters/",
    "/v1/letters/{id}",
  ])
    expect(paths).toContain(path);
});

describe("exports", () => {
  it("renders the CV as PDF in every template it may use, and as DOCX; premium templates stay locked", async () => {
    const user = await career.user();
    const cv = await importCv(user);
    for (const template of ["ats", "classic"]) {
      const pdf = await career.call(user, { method: "GET", url: `/v1/cv/${cv.id}/pdf?template=${template}` });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers["content-type"]).toBe("application/pdf");
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    }
    const locked = await career.call(user, { method: "GET", url: `/v1/cv/${cv.id}/pdf?template=modern` });
    expect(locked.statusCode).toBe(403);
    const docx = await career.call(user, { method: "GET", url: `/v1/cv/${cv.id}/docx` });
    expect(docx.statusCode).toBe(200);
    expect(docx.headers["content-disposition"]).toBe('attachment; filename="Camille-Fictive.docx"');
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe("PK");
  });
});

describe("letter exports", () => {
  it("gives the current version as PDF (French typography, the sender's name) and DOCX", async () => {
    const user = await career.user();
    const cv = await importCv(user);
    const made = await generate(user, {
      cvId: cv.id,
      role: "chef de projet",
      company: "Agence Exemple",
      template: "classic",
      tone: "formal",
      length: "short",
    });
    const id = made.json<{ id: string }>().id;
    await career.call(user, {
      method: "PUT",
      url: `/v1/letters/${id}`,
      payload: { text: 'Madame, Monsieur,\n\nMon credo : "apprendre" !\n\nCamille Fictive' },
    });
    const pdf = await career.call(user, { method: "GET", url: `/v1/letters/${id}/pdf` });
    expect(pdf.statusCode).toBe(200);
    const { text } = await pdfText(new Uint8Array(pdf.rawPayload));
    expect(text).toContain("Mon credo : « apprendre » !");
    expect(text).toContain("camille.fictive@example.org");
    const docx = await career.call(user, { method: "GET", url: `/v1/letters/${id}/docx` });
    expect(docx.statusCode).toBe(200);
    expect(await docxText(docx.rawPayload)).toContain("Mon credo\u00A0: «\u202Fapprendre\u202F»\u202F!");
  });
});
