// The corpus's layouts: our four PDF templates, our DOCX, and three layouts "made by hand" the way
// people write CVs in word processors — headings in capitals with other names ("PARCOURS
// PROFESSIONNEL", "WORK HISTORY"), a position and its dates on one line, numeric dates
// ("03/2019 - 06/2021"), table-like rows ("2019 – 2021 | Poste | Employeur") — typeset as PDF.
import { NodeCompiler } from "@myriaddreamin/typst-ts-node-compiler";
import type { Cv } from "../model.ts";
import { renderDocx } from "../../render/docx.ts";
import { docxText } from "../../render/docx-text.ts";
import { pdfText } from "../../render/extract.ts";
import { renderPdf } from "../../render/pdf.ts";

export const layouts = ["ats", "classic", "modern", "elegant", "docx", "caps", "table", "resume"] as const;
export type Layout = (typeof layouts)[number];

const mm = (date: string | undefined) => (date ? `${date.slice(5, 7) || "01"}/${date.slice(0, 4)}` : "");

function handLines(cv: Cv, layout: "caps" | "table" | "resume"): string[] {
  const fr = cv.language === "fr";
  const b = cv.basics;
  const head = [b.name, b.label ?? "", [b.email, b.phone].filter(Boolean).join(" | "), b.city ?? ""];
  const present = fr ? "aujourd'hui" : "Present";
  const work = cv.work.flatMap((w) => {
    if (layout === "caps")
      return [
        `${w.position} chez ${w.name} (${mm(w.startDate)} - ${w.endDate ? mm(w.endDate) : present})`,
        ...w.highlights.map((h) => `- ${h}`),
      ];
    if (layout === "table")
      return [
        `${w.startDate?.slice(0, 4) ?? ""} – ${w.endDate?.slice(0, 4) ?? present} | ${w.position} | ${w.name}`,
        ...w.highlights.map((h) => `• ${h}`),
      ];
    return [
      `${w.position} at ${w.name}`,
      `${mm(w.startDate)} – ${w.endDate ? mm(w.endDate) : present}`,
      ...w.highlights.map((h) => `* ${h}`),
    ];
  });
  const titles =
    layout === "resume" || !fr
      ? ["WORK HISTORY", "EDUCATION", "SKILLS", "LANGUAGES"]
      : layout === "caps"
        ? ["PARCOURS PROFESSIONNEL", "DIPLÔMES", "SAVOIR-FAIRE", "LANGUES"]
        : ["Expériences", "Formations", "Compétences", "Langues"];
  return [
    ...head,
    titles[0] ?? "",
    ...work,
    titles[1] ?? "",
    ...cv.education.map(
      (e) => `${[e.studyType, e.area].filter(Boolean).join(" ")}, ${e.institution}, ${e.endDate ?? ""}`,
    ),
    titles[2] ?? "",
    cv.skills.map((s) => `${s.name}: ${s.keywords.join(", ")}`).join(""),
    titles[3] ?? "",
    cv.languages.map((l) => `${l.language} (${l.fluency ?? ""})`).join(", "),
  ];
}

let compiler: NodeCompiler | undefined;

/** Lines typeset as they are, one paragraph each, in a plain sans-serif page. */
function linesPdf(lines: string[]): Buffer {
  compiler ??= NodeCompiler.create();
  const source = `#let d = json(bytes(sys.inputs.data))
#set text(size: 10pt, font: "New Computer Modern")
#for l in d [#block(below: 0.45em, l)]`;
  const document = compiler.compile({
    mainFileContent: source,
    inputs: { data: JSON.stringify(lines.filter(Boolean)) },
  }).result;
  if (!document) throw new Error("lines template did not compile");
  return compiler.pdf(document);
}

/** The layout's document and the text a reader extracts from it. */
export async function documentText(cv: Cv, layout: Layout): Promise<string> {
  if (layout === "docx") return docxText(await renderDocx(cv));
  if (layout === "caps" || layout === "table" || layout === "resume")
    return (await pdfText(new Uint8Array(linesPdf(handLines(cv, layout))))).text;
  return (await pdfText(new Uint8Array(renderPdf(cv, layout)))).text;
}
