// Uploads: a PDF or DOCX of ours parsed into a CV (the original kept only when asked); bad files —
// encrypted PDF, PDF with JavaScript, 2,000 pages, a DOCX zip bomb, truncated, an image renamed
// .pdf, empty, too large — refused with a clear 4xx in the user's language, nothing stored, and
// the service still healthy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCv } from "../../services/career/src/cv/samples.ts";
import { renderDocx } from "../../services/career/src/render/docx.ts";
import { renderPdf } from "../../services/career/src/render/pdf.ts";
import { docxBomb, minimalPdf, multipartFile, png } from "./files.ts";
import { startTestCareer } from "./harness.ts";
import type { TestCareer, TestUser } from "./harness.ts";

let career: TestCareer;
beforeAll(async () => {
  career = await startTestCareer();
});
afterAll(async () => {
  await career.close();
});

const upload = (
  user: TestUser,
  file: Buffer,
  options: { name?: string; type?: string; keep?: boolean; language?: string } = {},
) => {
  const body = multipartFile(file, options.name ?? "cv.pdf", options.type ?? "application/pdf");
  return career.call(user, {
    method: "POST",
    url: `/v1/cv/upload${options.keep ? "?keep=true" : ""}`,
    payload: body.payload,
    headers: { ...body.headers, "accept-language": options.language ?? "fr" },
  });
};

const stored = async (userId: string) => {
  const [row] = await career.asSystem<{ cvs: number; files: number; events: number }>(
    `SELECT (SELECT count(*)::int FROM cvs WHERE user_id = $1) AS cvs, (SELECT count(*)::int FROM cv_files WHERE user_id = $1) AS files,
       (SELECT count(*)::int FROM events WHERE user_id = $1 AND type = 'cv.uploaded') AS events`,
    [userId],
  );
  return row!;
};

describe("uploading a CV", () => {
  it("parses our PDF into the CV's fields and does not keep the original", async () => {
    const user = await career.user();
    const response = await upload(user, renderPdf(sampleCv("fr"), "modern"));
    expect(response.statusCode, response.body).toBe(201);
    const { cv } = response.json<{
      cv: { basics: { name: string; email: string }; work: { name: string }[] };
    }>();
    expect(cv.basics).toMatchObject({ name: "Camille Fictive", email: "camille.fictive@example.org" });
    expect(cv.work.map((w) => w.name)).toEqual(["Agence Exemple", "Collège Imaginaire"]);
    expect(await stored(user.id)).toEqual({ cvs: 1, files: 0, events: 1 });
  });

  it("keeps a DOCX original when asked", async () => {
    const user = await career.user({ plan: "premium" });
    const docx = await renderDocx(sampleCv("en"));
    const response = await upload(user, docx, {
      name: "cv.docx",
      type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      keep: true,
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<{ cv: { basics: { name: string } } }>().cv.basics.name).toBe("Sam Example");
    expect(await stored(user.id)).toEqual({ cvs: 1, files: 1, events: 1 });
  });
});

describe("bad files: a clear 4xx, nothing stored, the service still healthy", () => {
  const ours = renderPdf(sampleCv("fr"), "ats");
  const cases: { name: string; file: () => Buffer; fileName?: string; status: number; error: string }[] = [
    {
      name: "an encrypted PDF",
      file: () =>
        minimalPdf(1, { trailer: "/Encrypt << /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>" }),
      status: 400,
      error: "encrypted_pdf",
    },
    {
      name: "a PDF with JavaScript",
      file: () => minimalPdf(1, { catalog: "/OpenAction << /S /JavaScript /JS (app.alert('x')) >>" }),
      status: 400,
      error: "pdf_with_script",
    },
    { name: "a 2,000-page PDF", file: () => minimalPdf(2000), status: 400, error: "too_many_pages" },
    {
      name: "a DOCX zip bomb",
      file: () => docxBomb(200 * 1024 * 1024),
      fileName: "cv.docx",
      status: 400,
      error: "zip_bomb",
    },
    {
      name: "a truncated PDF",
      file: () => ours.subarray(0, Math.floor(ours.length / 3)),
      status: 400,
      error: "unreadable_file",
    },
    { name: "an image renamed .pdf", file: () => png, status: 415, error: "unsupported_file" },
    { name: "an empty file", file: () => Buffer.alloc(0), status: 400, error: "empty_file" },
    {
      name: "a file over 5 MB",
      file: () => Buffer.concat([ours, Buffer.alloc(6 * 1024 * 1024)]),
      status: 413,
      error: "file_too_large",
    },
    { name: "a PDF with no text", file: () => minimalPdf(1, { text: "" }), status: 422, error: "no_text" },
  ];

  it.each(cases)("$name → $status $error", async ({ file, fileName, status, error }) => {
    const user = await career.user();
    const content = file();
    const fr = await upload(user, content, { ...(fileName && { name: fileName }) });
    expect(fr.statusCode, fr.body).toBe(status);
    expect(fr.json()).toMatchObject({ error });
    expect(fr.json<{ reason: string }>().reason.length).toBeGreaterThan(10);
    const en = await upload(user, content, { ...(fileName && { name: fileName }), language: "en" });
    expect(en.json<{ reason: string }>().reason).not.toEqual(fr.json<{ reason: string }>().reason);
    expect(await stored(user.id)).toEqual({ cvs: 0, files: 0, events: 0 });
    // Nothing consumed either: the month's CV is still there.
    expect((await career.call(user, { method: "GET", url: "/v1/cv/quota" })).json()).toMatchObject({
      used: 0,
    });
    expect((await career.app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
  });

  it("a request without a file part is missing_file", async () => {
    const user = await career.user();
    const response = await career.call(user, { method: "POST", url: "/v1/cv/upload", payload: {} });
    expect(response.statusCode).toBe(406);
    expect(response.json()).toMatchObject({ error: "missing_file" });
  });
});

describe("uploading a job offer", () => {
  it("analyses an offer sent as a PDF like a pasted one, and refuses a bad file the same way", async () => {
    const user = await career.user();
    const cv = (
      await career.call(user, { method: "POST", url: "/v1/cv", payload: { cv: sampleCv("fr") } })
    ).json<{ id: string }>();
    const offer = minimalPdf(1, {
      text: "Chef de projet digital - Gestion de projet, Scrum, Docker, anglais",
    });
    const body = multipartFile(offer, "offre.pdf", "application/pdf");
    const response = await career.call(user, {
      method: "POST",
      url: `/v1/job-offers/analyses/upload?cvId=${cv.id}`,
      payload: body.payload,
      headers: body.headers,
    });
    expect(response.statusCode, response.body).toBe(201);
    const analysis = response.json<{
      analysis: { matched: { term: string }[]; missing: { term: string }[] };
    }>().analysis;
    expect(analysis.matched.map((t) => t.term)).toEqual(
      expect.arrayContaining(["project-management", "scrum", "english"]),
    );
    expect(analysis.missing.map((t) => t.term)).toContain("docker");
    const bad = multipartFile(png, "offre.pdf", "application/pdf");
    const refused = await career.call(user, {
      method: "POST",
      url: `/v1/job-offers/analyses/upload?cvId=${cv.id}`,
      payload: bad.payload,
      headers: bad.headers,
    });
    expect(refused.statusCode).toBe(415);
    expect(refused.json()).toMatchObject({ error: "unsupported_file" });
  });
});
