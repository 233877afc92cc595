// Text out of a PDF with pdf.js (through unpdf): no script, no eval, no fonts loaded from outside;
// lines as the PDF's text items end them.
import { getDocumentProxy } from "unpdf";

export async function pdfText(pdf: Uint8Array, maxPages = 20): Promise<{ text: string; pages: number }> {
  // pdf.js options beyond unpdf's declared subset: never compile code from a PDF (fonts' or forms').
  const options = {
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: true,
  };
  const document = await getDocumentProxy(pdf, options);
  try {
    let text = "";
    const pages = Math.min(document.numPages, maxPages);
    for (let number = 1; number <= pages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      for (const item of content.items) if ("str" in item) text += item.str + (item.hasEOL ? "\n" : "");
      text += "\n";
    }
    return { text, pages: document.numPages };
  } finally {
    await document.cleanup();
  }
}
