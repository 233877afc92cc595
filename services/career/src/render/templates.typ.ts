// The four CV templates in Typst. Data comes in as JSON through sys.inputs (never spliced into the
// source), text is set in the CV's language (hyphenation patterns, « » smart quotes), fonts are
// Typst's embedded ones (Libertinus Serif, New Computer Modern), embedded subset in the PDF.
// "ats" is single-column, unhyphenated and unjustified, with plain headings: what screening
// software reads best; the others hyphenate and justify.
import type { CvTemplateId } from "../cv/templates.ts";

const prelude = (font: string, hyphenate: boolean) => `
#let d = json(bytes(sys.inputs.data))
#set document(title: d.name)
#set page(paper: "a4", margin: (x: 1.8cm, y: 1.6cm))
#set text(lang: d.lang, font: "${font}", size: 10pt, hyphenate: ${String(hyphenate)})
#set par(justify: ${String(hyphenate)}, leading: 0.55em)
#let entries(items) = for item in items [
  #block(below: 0.3em)[*#item.heading*]
  #if item.meta != "" [#block(below: 0.3em, text(size: 9pt, item.meta))]
  #if item.at("summary", default: "") != "" [#block(below: 0.3em, item.summary)]
  #for h in item.at("highlights", default: ()) [#block(below: 0.3em)[• #h]]
  #v(0.3em)
]
#let lines(items) = for item in items [#block(below: 0.35em, item)]
`;

const sections = (heading: string) => `
#if d.summary != "" [${heading.replace("$T", "d.titles.summary")} #d.summary]
#if d.work.len() > 0 [${heading.replace("$T", "d.titles.work")} #entries(d.work)]
#if d.education.len() > 0 [${heading.replace("$T", "d.titles.education")} #entries(d.education)]
#if d.skills.len() > 0 [${heading.replace("$T", "d.titles.skills")} #lines(d.skills)]
#if d.languages.len() > 0 [${heading.replace("$T", "d.titles.languages")} #lines(d.languages)]
#if d.interests.len() > 0 [${heading.replace("$T", "d.titles.interests")} #lines(d.interests)]
`;

const header = `
#block(below: 0.4em, text(size: 18pt, weight: "bold", d.name))
#if d.label != "" [#block(below: 0.4em, text(size: 12pt, d.label))]
#for c in d.contacts [#block(below: 0.25em, text(size: 9pt, c))]
#v(0.6em)
`;

const ats = `${prelude("Libertinus Serif", false)}${header}${sections(
  '#block(above: 0.9em, below: 0.5em, text(weight: "bold", upper($T)))',
)}`;

const classic = `${prelude("New Computer Modern", true)}${header}${sections(
  '#block(above: 0.9em, below: 0.5em)[#text(size: 12pt, weight: "bold", $T) #line(length: 100%, stroke: 0.5pt)]',
)}`;

const elegant = `${prelude("Libertinus Serif", true)}
#align(center)[${header}]
${sections("#block(above: 1em, below: 0.5em, align(center, text(size: 11pt, tracking: 0.08em, smallcaps($T))))")}`;

// Two columns: a side column (contacts, skills, languages, interests), then the main one.
const modern = `${prelude("Libertinus Serif", true)}
#let heading(t) = block(above: 0.9em, below: 0.5em, text(size: 11pt, weight: "bold", fill: rgb("#1f4e79"), t))
#block(below: 0.4em, text(size: 20pt, weight: "bold", fill: rgb("#1f4e79"), d.name))
#if d.label != "" [#block(below: 0.8em, text(size: 12pt, d.label))]
#grid(columns: (32%, 1fr), column-gutter: 1.2em,
  [
    #for c in d.contacts [#block(below: 0.25em, text(size: 9pt, c))]
    #if d.skills.len() > 0 [#heading(d.titles.skills) #lines(d.skills)]
    #if d.languages.len() > 0 [#heading(d.titles.languages) #lines(d.languages)]
    #if d.interests.len() > 0 [#heading(d.titles.interests) #lines(d.interests)]
  ],
  [
    #if d.summary != "" [#heading(d.titles.summary) #d.summary]
    #if d.work.len() > 0 [#heading(d.titles.work) #entries(d.work)]
    #if d.education.len() > 0 [#heading(d.titles.education) #entries(d.education)]
  ],
)
`;

export const typstSources: Record<CvTemplateId, string> = { ats, classic, modern, elegant };
