// Our documents read back: every template's PDF (and the DOCX), text extracted and parsed again,
// gives the CV's fields. French typography is really in the PDF (« », no-break spaces, the
// hyphenation patterns' language), and its fonts are embedded.
import { describe, expect, it } from "vitest";
import type { Cv } from "../cv/model.ts";
import { parseCv } from "../cv/parse.ts";
import { sampleCv } from "../cv/samples.ts";
import { cvTemplateIds } from "../cv/templates.ts";
import { docxText } from "./docx-text.ts";
import { renderDocx } from "./docx.ts";
import { pdfText } from "./extract.ts";
import { renderPdf } from "./pdf.ts";
import { printCv } from "./model.ts";
import { frenchTypography, plainText } from "./typography.ts";

/** The fields a reader compares: what the user typed, typography made plain. */
function fields(cv: Cv) {
  const p = (text: string | undefined) => plainText(text ?? "");
  return {
    name: cv.basics.name,
    label: p(cv.basics.label),
    email: cv.basics.email ?? "",
    phone: cv.basics.phone ?? "",
    city: cv.basics.city ?? "",
    summary: p(cv.basics.summary),
    work: cv.work.map((w) => ({
      position: p(w.position),
      employer: p(w.name),
      start: w.startDate?.slice(0, 7) ?? "",
      end: w.endDate?.slice(0, 7) ?? "",
      highlights: w.highlights.map(p),
    })),
    education: cv.education.map((e) => ({
      degree: p([e.studyType, e.area].filter(Boolean).join(" ")),
      institution: p(e.institution),
      end: e.endDate ?? "",
    })),
    skills: cv.skills.flatMap((s) => [s.name, ...s.keywords]).map(p),
    languages: cv.languages.map((l) => p(l.language)),
    interests: cv.interests.map((i) => p(i.name)),
  };
}

// Long enough to be hyphenated in the justified templates ("parti-culièrement" at a line's end).
const hyphenated =
  "Ancienne enseignante reconvertie dans la gestion de projet numérique, particulièrement attentive à l'accessibilité, à l'internationalisation et aux problématiques organisationnelles des établissements d'enseignement supérieur et des collectivités territoriales.";
const cvs = [
  sampleCv("fr"),
  sampleCv("en"),
  sampleCv("fr", { basics: { ...sampleCv("fr").basics, summary: hyphenated } }),
];

describe("PDF round trip", () => {
  it.each(
    cvTemplateIds.flatMap((template) => cvs.map((cv, i) => [template, `${cv.language} #${i}`, cv] as const)),
  )("%s template, %s CV: extracted and parsed again, the same fields", async (template, _language, cv) => {
    const pdf = renderPdf(cv, template);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { text } = await pdfText(new Uint8Array(pdf));
    expect(fields(parseCv(text))).toEqual(fields(cv));
  });

  it("is the same bytes for the same CV (no clock in the file)", () => {
    expect(renderPdf(sampleCv("fr"), "classic").equals(renderPdf(sampleCv("fr"), "classic"))).toBe(true);
  });

  it("embeds its fonts and writes French typography", async () => {
    const cv = sampleCv("fr", {
      basics: { ...sampleCv("fr").basics, summary: 'Mon credo : "apprendre" ; et vous ?' },
    });
    const pdf = renderPdf(cv, "classic");
    const raw = pdf.toString("latin1");
    expect(raw).toMatch(/\/FontFile[23]?\b/);
    expect(raw).toContain("/Lang (fr)");
    // What Typst typesets carries the no-break spaces; pdf.js gives them back as plain spaces.
    expect(printCv(cv).summary).toBe("Mon credo\u00A0: «\u202Fapprendre\u202F»\u202F; et vous\u202F?");
    const { text } = await pdfText(new Uint8Array(pdf));
    expect(text).toContain("Mon credo : « apprendre » ; et vous ?");
  });

  it("French typography: no-break spaces before : ; ! ? and inside « »", () => {
    expect(frenchTypography('Il a dit "oui" : bravo ! Vraiment ? Oui ; l\'été')).toBe(
      "Il a dit «\u202Foui\u202F»\u00A0: bravo\u202F! Vraiment\u202F? Oui\u202F; l’été",
    );
  });
});

describe("DOCX round trip", () => {
  it.each(cvs.map((cv) => [cv.language, cv] as const))(
    "%s CV: the DOCX's text parsed again gives the same fields",
    async (_language, cv) => {
      const docx = await renderDocx(cv);
      expect(docx.subarray(0, 2).toString()).toBe("PK");
      expect(fields(parseCv(await docxText(docx)))).toEqual(fields(cv));
    },
  );
});
