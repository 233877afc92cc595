// Mirror Match on fixed offer/CV pairs (French, English, mixed): the expected matched and missing
// skills, a score whose lines add up, and the same analysis for the same offer however pasted.
import { describe, expect, it } from "vitest";
import { allocate } from "./allocate.ts";
import { analyse, offerHash } from "./analyse.ts";
import type { Analysis } from "./analyse.ts";
import { ambiguities, findSkills, skills } from "./lexicon.ts";
import { optionalLines } from "./offer.ts";
import type { CvSections } from "./sections.ts";
import { detectLanguage, tokenize } from "./text.ts";

const ids = (terms: Analysis["matched"]): string[] =>
  terms
    .filter((term) => term.kind === "skill")
    .map((term) => term.term)
    .sort();

const offerFr = `Chef de projet digital H/F
Nous recherchons un chef de projet digital pour piloter nos projets web.
Missions :
- Gestion de projet et coordination des équipes techniques
- Suivi du budget
- Rédaction des cahiers des charges
Profil :
- Maîtrise de JavaScript et des méthodes agiles (Scrum)
- Anglais courant
Un plus :
- Connaissance de Figma
- SEO`;

const cvEnTeacher: CvSections = {
  headline: "Project manager",
  summary: "Former teacher moving into digital project management.",
  experience:
    "Teacher, Lycée Jean Moulin, 2015-2023\nLed a school website project with a team of 5, budget tracking.",
  skills: "JS, Scrum, Excel, teamwork",
  languages: "French (native), English (C1)",
};

const offerEn = `Customer Support Specialist
We are looking for a customer support specialist to join our help desk.
You will:
- answer customers by phone and email (customer service)
- log tickets in Zendesk and our CRM (Salesforce)
- write help articles
Requirements:
- Excellent communication skills and empathy
- Fluent French and English
Nice to have:
- SQL
- Basic knowledge of Excel`;

const cvFrRetail: CvSections = {
  headline: "Conseillère de vente",
  summary: "Dix ans de relation client en magasin, je me reconvertis vers le support.",
  experience:
    "Conseillère de vente, Boutique Lumière, 2014-2024\nAccueil et conseil des clients, encaissement, gestion des stocks.\nSuivi des clients fidèles dans le CRM.",
  skills: "Relation client, Pack Office, Excel, écoute active, travail en équipe",
  languages: "Français (langue maternelle), Anglais (B2)",
};

const offerData = `Data Analyst (F/H)
Vous analysez les données de nos ventes et construisez des tableaux de bord.
Compétences requises : SQL, Python (pandas), Power BI, statistiques.
Anglais professionnel. Esprit d'analyse et rigueur.
Idéalement : notions de machine learning.`;

const cvEnData: CvSections = {
  headline: "Junior data analyst",
  summary: "Former accountant retrained as a data analyst (bootcamp, 2024).",
  experience:
    "Accountant, Cabinet Martin, 2016-2023: monthly reporting, built dashboards in Power BI.\nBootcamp project: sales analysis with Python and pandas, SQL queries on PostgreSQL.",
  education: "Data analysis bootcamp, 2024. BTS Comptabilité, 2016.",
  skills: "SQL, Python, pandas, Power BI, Excel, accounting",
  languages: "French, English (C1)",
};

describe("Mirror Match on fixed pairs", () => {
  it("French offer, English CV: skills meet across languages through the lexicon", () => {
    const analysis = analyse(offerFr, cvEnTeacher);
    expect(analysis.language).toEqual({ offer: "fr", cv: "en" });
    expect(ids(analysis.matched)).toEqual(["budget", "english", "javascript", "project-management", "scrum"]);
    expect(ids(analysis.missing)).toEqual(["agile", "figma", "seo"]);
    const optional = analysis.missing.filter((term) => !term.required).map((term) => term.term);
    expect(optional.sort()).toEqual(["figma", "seo"]);
  });

  it("English offer, French CV: customer service and CRM found, Zendesk-less support still scored", () => {
    const analysis = analyse(offerEn, cvFrRetail);
    expect(analysis.language).toEqual({ offer: "en", cv: "fr" });
    expect(ids(analysis.matched)).toEqual([
      "crm",
      "customer-service",
      "empathy",
      "english",
      "excel",
      "french",
    ]);
    expect(ids(analysis.missing)).toEqual(["communication-skills", "it-support", "sql"]);
  });

  it("French offer, mixed CV: the data analyst pair", () => {
    const analysis = analyse(offerData, cvEnData);
    expect(ids(analysis.matched)).toEqual([
      "data-analysis",
      "data-viz",
      "english",
      "pandas",
      "power-bi",
      "python",
      // "nos ventes" in the offer, "sales analysis" in the CV: the lexicon's sales concept both sides.
      "sales",
      "sql",
    ]);
    expect(ids(analysis.missing)).toEqual([
      "machine-learning",
      "organisation",
      "problem-solving",
      "statistics",
    ]);
    expect(analysis.missing.find((term) => term.term === "machine-learning")?.required).toBe(false);
  });

  it("a CV with nothing of the offer scores low and is told what is missing, never what to claim", () => {
    const analysis = analyse(offerData, { headline: "Boulanger", experience: "Boulanger, 2010-2024" });
    expect(analysis.score).toBeLessThan(10);
    expect(analysis.matched.filter((term) => term.kind === "skill")).toEqual([]);
    const skillsAdvice = analysis.advice.find((advice) => advice.section === "skills");
    expect(skillsAdvice?.message.fr).toContain("Si vous les maîtrisez");
    expect(skillsAdvice?.message.en).toContain("If you have them");
  });
});

describe("the score", () => {
  const pairs: [string, CvSections][] = [
    [offerFr, cvEnTeacher],
    [offerEn, cvFrRetail],
    [offerData, cvEnData],
    [offerData, {}],
    ["", cvEnData],
  ];

  it.each(pairs.map((pair, i) => [i, pair] as const))(
    "pair %i: lines add up to the score, maxima to 100",
    (_i, pair) => {
      const analysis = analyse(pair[0], pair[1]);
      const points = analysis.lines.reduce((sum, line) => sum + line.points, 0);
      const max = analysis.lines.reduce((sum, line) => sum + line.max, 0);
      expect(points).toBe(analysis.score);
      expect(max).toBe(analysis.lines.length === 0 ? 0 : 100);
      for (const line of analysis.lines) {
        expect(line.points).toBeLessThanOrEqual(line.max);
        expect(line.reason.fr).toContain(`${line.points}/${line.max}`);
        expect(line.reason.en).toContain(`${line.points}/${line.max}`);
      }
    },
  );

  it("gives a required skill twice the points of an optional one", () => {
    const analysis = analyse(offerFr, cvEnTeacher);
    const figma = analysis.lines.find((line) => line.term === "figma");
    const agile = analysis.lines.find((line) => line.term === "agile");
    expect(agile!.max).toBeGreaterThanOrEqual(2 * figma!.max - 1);
  });

  it("rises when the CV gains a missing skill", () => {
    const before = analyse(offerFr, cvEnTeacher).score;
    const after = analyse(offerFr, {
      ...cvEnTeacher,
      skills: `${cvEnTeacher.skills ?? ""}, méthodes agiles`,
    }).score;
    expect(after).toBeGreaterThan(before);
  });

  it("is deterministic, and the same offer pasted differently is the same analysis", () => {
    const respaced = `\n\n  ${offerFr.replaceAll("\n", "  \r\n")}  \n`;
    expect(offerHash(respaced)).toBe(offerHash(offerFr));
    expect(analyse(respaced, cvEnTeacher)).toEqual(analyse(offerFr, cvEnTeacher));
    expect(offerHash(`${offerFr} Rust`)).not.toBe(offerHash(offerFr));
  });
});

describe("shares", () => {
  it("allocate shares a total exactly, by weight", () => {
    expect(allocate(70, [2, 2, 1])).toEqual([28, 28, 14]);
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(5, [])).toEqual([]);
    expect(allocate(0, [1, 2])).toEqual([0, 0]);
    for (let n = 1; n < 30; n++) {
      const weights = Array.from({ length: n }, (_v, i) => (i % 3) + 1);
      expect(allocate(70, weights).reduce((a, b) => a + b, 0)).toBe(70);
    }
  });
});

describe("the lexicon and the text pipeline", () => {
  it("holds a few hundred concepts, none reachable from two by the same phrase", () => {
    expect(skills.length).toBeGreaterThanOrEqual(200);
    expect(ambiguities("fr")).toEqual([]);
    expect(ambiguities("en")).toEqual([]);
  });

  it.each([
    ["gestion de projet", "project management"],
    ["JS", "JavaScript"],
    ["gestion des stocks", "inventory management"],
    ["relation client", "customer service"],
    ["anglais", "English"],
    ["travail en équipe", "teamwork"],
    ["ressources humaines", "human resources"],
  ])("%s (fr) and %s (en) are one concept", (fr, en) => {
    const [a] = findSkills(tokenize(fr, "fr"), "fr");
    const [b] = findSkills(tokenize(en, "en"), "en");
    expect(a?.id).toBeDefined();
    expect(a?.id).toBe(b?.id);
  });

  it("keeps c++, c# and node.js whole and takes the longest phrase", () => {
    const found = findSkills(tokenize("C++, C#, Node.js ; product manager", "en"), "en").map((m) => m.id);
    expect(found).toEqual(["cpp", "csharp", "nodejs", "product-management"]);
  });

  it("reads accents or none alike", () => {
    const a = findSkills(tokenize("Comptabilité, gestion budgétaire", "fr"), "fr").map((m) => m.id);
    const b = findSkills(tokenize("comptabilite, gestion budgetaire", "fr"), "fr").map((m) => m.id);
    expect(a).toEqual(["accounting", "budget"]);
    expect(b).toEqual(a);
  });

  it("detects French and English", () => {
    expect(detectLanguage("Nous recherchons une personne pour notre équipe")).toBe("fr");
    expect(detectLanguage("We are looking for someone to join the team")).toBe("en");
  });

  it("marks lines under an optional heading, or with an optional marker, as optional", () => {
    expect(
      optionalLines("Profil :\n- SQL\nUn plus :\n- Figma\nMISSIONS\n- Excel\n- Python souhaité"),
    ).toEqual([false, false, true, true, false, false, true]);
  });
});
