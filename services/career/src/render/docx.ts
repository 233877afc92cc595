// CV to DOCX with the docx package: the same print model as the PDF (titles, dates and
// typography in the CV's language), one column, real Word headings, so ATS and Word's own
// navigation read it.
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";
import type { Cv } from "../cv/model.ts";
import { printCv } from "./model.ts";
import type { PrintCv } from "./model.ts";

const para = (text: string, options: { strong?: boolean; size?: number } = {}) =>
  new Paragraph({
    children: [
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- IRunOptions.bold, not String.prototype.bold
      new TextRun({ text, bold: options.strong ?? false, ...(options.size && { size: options.size }) }),
    ],
  });

const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2 });

function entries(items: PrintCv["work"] | PrintCv["education"]): Paragraph[] {
  return items.flatMap((item) => [
    para(item.heading, { strong: true }),
    ...(item.meta ? [para(item.meta, { size: 18 })] : []),
    ...("summary" in item && item.summary ? [para(item.summary)] : []),
    ...("highlights" in item
      ? // A typed bullet rather than Word numbering: raw-text readers (ATS, our parser) keep it.
        item.highlights.map((text) => para(`• ${text}`))
      : []),
  ]);
}

function body(cv: PrintCv): Paragraph[] {
  const list = (title: string, items: string[]) =>
    items.length > 0 ? [heading(title), ...items.map((text) => para(text))] : [];
  return [
    new Paragraph({ text: cv.name, heading: HeadingLevel.TITLE }),
    ...(cv.label ? [para(cv.label, { size: 24 })] : []),
    ...cv.contacts.map((contact) => para(contact, { size: 18 })),
    ...(cv.summary ? [heading(cv.titles.summary), para(cv.summary)] : []),
    ...(cv.work.length > 0 ? [heading(cv.titles.work), ...entries(cv.work)] : []),
    ...(cv.education.length > 0 ? [heading(cv.titles.education), ...entries(cv.education)] : []),
    ...list(cv.titles.skills, cv.skills),
    ...list(cv.titles.languages, cv.languages),
    ...list(cv.titles.interests, cv.interests),
  ];
}

export async function renderDocx(cv: Cv): Promise<Buffer> {
  const printed = printCv(cv);
  const document = new Document({
    creator: "Phoenix",
    title: printed.name,
    styles: { default: { document: { run: { font: "Calibri", size: 21 } } } },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 } } }, children: body(printed) }],
  });
  return Packer.toBuffer(document);
}
