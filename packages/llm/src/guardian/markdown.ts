// Model output as HTML, only through a small markdown subset rendered by construction: every
// piece of text is escaped, and the only tags produced are p, br, h3–h5, ul/ol/li, blockquote,
// pre/code, strong, em and a. Links keep http(s) and mailto URLs only, with rel="nofollow noopener
// noreferrer"; images are shown as their alt text, never loaded (an image URL is the classic way
// a prompt-injected answer leaks data: the browser fetches it with the data in the query).
// Raw HTML in the answer is shown as text. Headings start at h3: the page owns h1–h2.

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/gu, (char) => ESCAPES[char] ?? char);

const SAFE_URL = /^(?:https?:\/\/|mailto:)[^\s"'<>`]+$/iu;
// Every repetition is bounded: on a long line of unclosed "[" or "`" an unbounded one would
// rescan to the end of the line from each of them (quadratic).
const INLINE =
  /`([^`\n]{1,500})`|\*\*([^*\n]{1,500})\*\*|(?<![\p{L}\p{N}*_])[*_]([^*_\n]{1,500})[*_](?![\p{L}\p{N}*_])|!\[([^\]\n]{0,300})\]\(([^)\s]{0,2048})\)|\[([^\]\n]{1,300})\]\(([^)\s]{0,2048})\)/gu;

function inline(raw: string): string {
  let out = "";
  let last = 0;
  for (const match of raw.matchAll(INLINE)) {
    const [whole, code, strong, em, alt, , label, url] = match;
    out += escapeHtml(raw.slice(last, match.index));
    if (code !== undefined) out += `<code>${escapeHtml(code)}</code>`;
    else if (strong !== undefined) out += `<strong>${inline(strong)}</strong>`;
    else if (em !== undefined) out += `<em>${inline(em)}</em>`;
    else if (alt !== undefined) out += escapeHtml(alt);
    else if (label !== undefined && url !== undefined && SAFE_URL.test(url)) {
      out += `<a href="${escapeHtml(url)}" rel="nofollow noopener noreferrer">${inline(label)}</a>`;
    } else out += inline(label ?? whole);
    last = match.index + whole.length;
  }
  return out + escapeHtml(raw.slice(last));
}

type Block = { kind: "p" | "ul" | "ol" | "blockquote"; lines: string[] } | { kind: "pre"; lines: string[] };

const LIST_ITEM = { ul: /^\s*[-*+]\s+(.*)$/u, ol: /^\s*\d{1,3}[.)]\s+(.*)$/u } as const;

function renderBlock(block: Block): string {
  switch (block.kind) {
    case "pre":
      return `<pre><code>${escapeHtml(block.lines.join("\n"))}</code></pre>`;
    case "ul":
    case "ol":
      return `<${block.kind}>${block.lines.map((line) => `<li>${inline(line)}</li>`).join("")}</${block.kind}>`;
    case "blockquote":
      return `<blockquote><p>${block.lines.map(inline).join("<br>")}</p></blockquote>`;
    default:
      return `<p>${block.lines.map(inline).join("<br>")}</p>`;
  }
}

/** The kind of block a line belongs to, and its content. */
function classify(line: string): {
  kind: Exclude<Block["kind"], "pre"> | "heading" | "blank";
  text: string;
  level?: number;
} {
  if (line.trim() === "") return { kind: "blank", text: "" };
  const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/u.exec(line);
  if (heading)
    return { kind: "heading", text: heading[2] ?? "", level: Math.min(5, (heading[1] ?? "#").length + 2) };
  const ul = LIST_ITEM.ul.exec(line);
  if (ul) return { kind: "ul", text: ul[1] ?? "" };
  const ol = LIST_ITEM.ol.exec(line);
  if (ol) return { kind: "ol", text: ol[1] ?? "" };
  const quote = /^\s*>\s?(.*)$/u.exec(line);
  if (quote) return { kind: "blockquote", text: quote[1] ?? "" };
  return { kind: "p", text: line.trim() };
}

interface Renderer {
  html: string[];
  block: Block | null;
}

function close(state: Renderer): void {
  if (state.block) state.html.push(renderBlock(state.block));
  state.block = null;
}

function addLine(state: Renderer, line: string): void {
  const fence = /^\s*```/u.test(line);
  if (state.block?.kind === "pre") {
    if (fence) close(state);
    else state.block.lines.push(line);
    return;
  }
  if (fence) {
    close(state);
    state.block = { kind: "pre", lines: [] };
    return;
  }
  const { kind, text, level = 3 } = classify(line);
  if (kind === "blank" || kind === "heading") {
    close(state);
    if (kind === "heading") state.html.push(`<h${level}>${inline(text)}</h${level}>`);
    return;
  }
  let block = state.block;
  if (block === null || block.kind !== kind) {
    close(state);
    block = { kind, lines: [] };
    state.block = block;
  }
  block.lines.push(text);
}

export function renderMarkdown(markdown: string): string {
  const state: Renderer = { html: [], block: null };
  for (const line of markdown.replace(/\r\n?/gu, "\n").split("\n")) addLine(state, line);
  close(state);
  return state.html.join("\n");
}
