// An answer of the coach as HTML, only through the Security Guardian's markdown renderer: it escapes
// every piece of text and produces a fixed set of tags (no attributes but a link's checked href and
// rel, no images, no raw HTML), so the HTML set here is sanitised by construction.
import { renderMarkdown } from "../../../../../../../packages/llm/src/guardian/markdown.ts";

export function Markdown({ text }: { text: string }) {
  // The renderer's output only (see above): sanitised by construction.
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;
}
