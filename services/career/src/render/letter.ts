// A letter to PDF and DOCX: its current version's paragraphs, with the CV's name and contacts
// at the top, in the CV's template family (the font of the CV's template), French typography when
// the letter is French. As for CVs, the text goes to Typst as JSON data, never as markup.
import { Document, Packer, Paragraph } from "docx";
import { NodeCompiler } from "@myriaddreamin/typst-ts-node-compiler";
import type { CvTemplateId } from "../cv/templates.ts";
import { englishTypography, frenchTypography } from "./typography.ts";

export interface PrintLetter {
  language: "fr" | "en";
  sender: { name: string; contacts: string[] };
  text: string;
}

const fonts: Record<CvTemplateId, string> = {
  ats: "Libertinus Serif",
  classic: "New Computer Modern",
  modern: "Libertinus Serif",
  elegant: "Libertinus Serif",
};

const source = (font: string) => `
#let d = json(bytes(sys.inputs.data))
#set document(title: d.name)
#set page(paper: "a4", margin: (x: 2.2cm, y: 2cm))
#set text(lang: d.lang, font: "${font}", size: 11pt, hyphenate: true)
#set par(justify: true, leading: 0.65em)
#block(below: 0.3em, text(weight: "bold", d.name))
#for c in d.contacts [#block(below: 0.2em, text(size: 9pt, c))]
#v(1.5em)
#for p in d.paragraphs [#block(below: 0.9em, p)]
`;

let compiler: NodeCompiler | undefined;

const paragraphsOf = (letter: PrintLetter) => {
  const typography = letter.language === "fr" ? frenchTypography : englishTypography;
  return letter.text
    .split(/\n{2,}/)
    .map((paragraph) => typography(paragraph.trim()))
    .filter(Boolean);
};

export function renderLetterPdf(letter: PrintLetter, template: CvTemplateId): Buffer {
  compiler ??= NodeCompiler.create();
  const data = {
    lang: letter.language,
    name: letter.sender.name,
    contacts: letter.sender.contacts,
    paragraphs: paragraphsOf(letter),
  };
  const result = compiler.compile({
    mainFileContent: source(fonts[template]),
    inputs: { data: JSON.stringify(data) },
  });
  if (!result.result)
    throw new Error(`typst: the letter did not compile: ${JSON.stringify(result.takeDiagnostics())}`);
  return compiler.pdf(result.result, { creationTimestamp: 0 });
}

export async function renderLetterDocx(letter: PrintLetter): Promise<Buffer> {
  const children = [
    new Paragraph({ text: letter.sender.name }),
    ...letter.sender.contacts.map((text) => new Paragraph({ text })),
    new Paragraph({ text: "" }),
    ...paragraphsOf(letter).map((text) => new Paragraph({ text, spacing: { after: 200 } })),
  ];
  return Packer.toBuffer(
    new Document({ creator: "Phoenix", title: letter.sender.name, sections: [{ children }] }),
  );
}
