// An uploaded CV, checked before anything reads it: sniffed by content (its name and declared type
// are not trusted), a PDF refused when encrypted, carrying JavaScript or too many pages, a DOCX
// refused when its ZIP would expand beyond sane bounds; then its text, extracted without running
// anything (pdf.js without eval, mammoth's raw text). Every refusal is a 4xx with its code.
import { fileTypeFromBuffer } from "file-type";
import { careerError } from "../reasons.ts";
import { docxText } from "../render/docx-text.ts";
import { pdfText } from "../render/extract.ts";
import { zipSummary } from "./zip.ts";

export const PDF = "application/pdf";
export const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export interface UploadLimits {
  maxPages: number;
  /** What a DOCX may expand to, in bytes, and how many times its own size. */
  maxExpandedBytes: number;
  maxRatio: number;
}

export const defaultLimits: UploadLimits = {
  maxPages: 10,
  maxExpandedBytes: 30 * 1024 * 1024,
  maxRatio: 100,
};

export interface Inspected {
  mediaType: typeof PDF | typeof DOCX;
  text: string;
}

async function sniff(file: Buffer): Promise<typeof PDF | typeof DOCX> {
  if (file.length === 0) throw careerError(400, "empty_file", "the file is empty");
  const type = await fileTypeFromBuffer(file);
  if (type?.mime === PDF) return PDF;
  if (type?.mime === DOCX) return DOCX;
  // file-type names a DOCX by its parts; a ZIP whose directory holds word/document.xml is one too.
  if (type?.ext === "zip" && zipSummary(file)?.names.includes("word/document.xml")) return DOCX;
  throw careerError(415, "unsupported_file", `not a PDF or a DOCX (sniffed: ${type?.mime ?? "unknown"})`);
}

function checkPdf(file: Buffer): void {
  const raw = file.toString("latin1");
  if (/\/Encrypt\b/.test(raw)) throw careerError(400, "encrypted_pdf", "the PDF is encrypted");
  if (/\/(JavaScript|JS)\b|\/AA\s*<<|\/Launch\b/.test(raw))
    throw careerError(400, "pdf_with_script", "the PDF carries JavaScript or actions");
}

function checkDocx(file: Buffer, limits: UploadLimits): void {
  const zip = zipSummary(file);
  if (!zip) throw careerError(400, "unreadable_file", "the DOCX's ZIP directory cannot be read");
  if (
    zip.uncompressed > limits.maxExpandedBytes ||
    zip.uncompressed > file.length * limits.maxRatio ||
    zip.entries > 2000
  )
    throw careerError(
      400,
      "zip_bomb",
      `the DOCX would expand to ${zip.uncompressed} bytes in ${zip.entries} parts`,
    );
}

async function textOf(
  file: Buffer,
  mediaType: Inspected["mediaType"],
  limits: UploadLimits,
): Promise<string> {
  if (mediaType === DOCX) return docxText(file);
  const { text, pages } = await pdfText(new Uint8Array(file), limits.maxPages);
  if (pages > limits.maxPages) throw careerError(400, "too_many_pages", `the PDF has ${pages} pages`);
  return text;
}

export async function inspectUpload(file: Buffer, limits: UploadLimits = defaultLimits): Promise<Inspected> {
  const mediaType = await sniff(file);
  if (mediaType === PDF) checkPdf(file);
  else checkDocx(file, limits);
  let text: string;
  try {
    text = await textOf(file, mediaType, limits);
  } catch (err) {
    if (err instanceof Error && "statusCode" in err) throw err;
    throw careerError(400, "unreadable_file", `the file cannot be read: ${String(err)}`);
  }
  if (text.replace(/\s/g, "").length < 20) throw careerError(422, "no_text", "no text in the file (a scan?)");
  return { mediaType, text };
}
