// Text out of a DOCX with mammoth's raw text: paragraphs as lines, no macro or field ever run.
import mammoth from "mammoth";

export async function docxText(docx: Buffer): Promise<string> {
  const { value } = await mammoth.extractRawText({ buffer: docx });
  return value;
}
