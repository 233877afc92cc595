// Text out of a PDF with pdf.js (through unpdf): no script, no eval, no fonts loaded from outside;
// lines as the PDF's text items end them. A word hyphenated at a line's end comes back whole:
// Typst (and other tagging producers) put the hyphen in a marked-content span of its own with no
// text, so an empty span just before a line's end means "the word goes on" (written as a soft
// hyphen, which the parser's cleanText joins).
import { getDocumentProxy } from "unpdf";

interface Item {
  str?: string;
  hasEOL?: boolean;
  type?: string;
}

function pageText(items: Item[]): string {
  let text = "";
  let opened = false;
  let hyphen = false;
  for (const item of items) {
    if (item.type === "beginMarkedContentProps" || item.type === "beginMarkedContent") {
      opened = true;
      continue;
    }
    if (item.type === "endMarkedContent") {
      // A span that closed with nothing in it: the hyphen of a hyphenated word.
      hyphen ||= opened;
      opened = false;
      continue;
    }
    opened = false;
    const str = item.str ?? "";
    if (str.length > 0) hyphen = false;
    text += str;
    if (item.hasEOL) {
      text += hyphen ? "\u00AD\n" : "\n";
      hyphen = false;
    }
  }
  return text;
}

export async function pdfText(pdf: Uint8Array, maxPages = 20): Promise<{ text: string; pages: number }> {
  // pdf.js options beyond unpdf's declared subset: never compile code from a PDF (fonts' or forms').
  const options = {
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: true,
    // pdf.js's own warnings (e.g. a standard font it has no data for: the text is read all the
    // same) would go to stdout outside the service's JSON log; errors still throw.
    verbosity: 0,
  };
  const document = await getDocumentProxy(pdf, options);
  try {
    let text = "";
    const pages = Math.min(document.numPages, maxPages);
    for (let number = 1; number <= pages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent({ includeMarkedContent: true });
      text += `${pageText(content.items)}\n`;
    }
    return { text, pages: document.numPages };
  } finally {
    await document.cleanup();
  }
}
