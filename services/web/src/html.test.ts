import { describe, expect, it } from "vitest";
import { html, toString } from "./html.ts";

describe("html", () => {
  it("escapes interpolated text, attributes included", () => {
    const name = `<script>alert("x")</script> & 'co'`;
    expect(toString(html`<p title="${name}">${name}</p>`)).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>',
    );
  });

  it("keeps nested markup, lists and skips empty values", () => {
    // Not named `html`: Prettier would reformat the template as HTML and change the text compared.
    const markup = html;
    const items = ["a<b", "c"].map((t) => markup`<li>${t}</li>`);
    expect(toString(markup`<ul>${items}</ul>${null}${false}${undefined}${0}`)).toBe(
      "<ul><li>a&lt;b</li><li>c</li></ul>0",
    );
  });
});
