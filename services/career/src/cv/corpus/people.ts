// The parser corpus's people: 32 synthetic CVs (16 French, 16 English), combined from invented
// names, employers and schools — never real people. Deterministic: person i is the same on every run.
import type { Cv } from "../model.ts";

const first = {
  fr: [
    "Camille",
    "Léa",
    "Hugo",
    "Inès",
    "Mathis",
    "Chloé",
    "Noé",
    "Jade",
    "Lucas",
    "Zoé",
    "Théo",
    "Manon",
    "Nina",
    "Louis",
    "Anaïs",
    "Jules",
  ],
  en: [
    "Alex",
    "Jordan",
    "Taylor",
    "Morgan",
    "Riley",
    "Casey",
    "Jamie",
    "Avery",
    "Quinn",
    "Harper",
    "Rowan",
    "Skyler",
    "Emery",
    "Dakota",
    "Reese",
    "Finley",
  ],
};
const last = ["Fictif", "Exemple", "Imaginaire", "Démo", "Modèle", "Essai", "Maquette", "Prototype"];
const lastEn = ["Sample", "Example", "Placeholder", "Mockup", "Testcase", "Specimen", "Dummy", "Draft"];

const jobs = {
  fr: [
    ["Conseillère de vente", "Boutique Lumière"],
    ["Chef de projet junior", "Agence Horizon"],
    ["Assistant administratif", "Cabinet Delta"],
    ["Développeuse web", "Studio Pixel"],
    ["Aide-soignant", "Clinique des Lilas"],
    ["Comptable", "Bureau Martin et Associés"],
    ["Professeur des écoles", "École Jean Exemple"],
    ["Responsable logistique", "Entrepôt Atlas"],
  ],
  en: [
    ["Sales associate", "Bright Store"],
    ["Junior project manager", "Horizon Agency"],
    ["Office administrator", "Delta Partners"],
    ["Web developer", "Pixel Studio"],
    ["Care assistant", "Lilac Clinic"],
    ["Accountant", "Martin Bookkeeping"],
    ["Primary school teacher", "Example Primary School"],
    ["Logistics coordinator", "Atlas Warehouse"],
  ],
};
const schools = {
  fr: [
    ["BTS", "Management commercial", "Lycée Exemple"],
    ["Licence", "Lettres modernes", "Université Fictive"],
    ["Master", "Gestion de projet", "École Imaginaire"],
    ["Titre professionnel", "Développeur web", "Centre de Formation Démo"],
  ],
  en: [
    ["BSc", "Business", "Example University"],
    ["BA", "English literature", "Fictional College"],
    ["MSc", "Project management", "Imaginary School"],
    ["Certificate", "Web development", "Demo Training Centre"],
  ],
};
const skillSets = {
  fr: [
    ["Relation client", "Encaissement", "Gestion des stocks"],
    ["Gestion de projet", "Scrum", "Jira"],
    ["Excel", "Word", "Classement"],
    ["JavaScript", "React", "SQL"],
  ],
  en: [
    ["Customer service", "Cash handling", "Inventory"],
    ["Project management", "Scrum", "Jira"],
    ["Excel", "Word", "Filing"],
    ["JavaScript", "React", "SQL"],
  ],
};
const spoken = {
  fr: [
    ["Français", "Langue maternelle"],
    ["Anglais", "B2"],
    ["Espagnol", "A2"],
  ],
  en: [
    ["English", "Native"],
    ["French", "B1"],
    ["German", "A2"],
  ],
};

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const month = (i: number) => String((i % 12) + 1).padStart(2, "0");

function basicsOf(language: "fr" | "en", k: number, position: string): Cv["basics"] {
  const name = `${pick(first[language], k)} ${pick(language === "fr" ? last : lastEn, k + 3)}`;
  const handle = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^\w ]/g, "")
    .replace(" ", ".");
  const phone =
    language === "fr"
      ? `+33 6 ${String(10 + k).padStart(2, "0")} 00 00 ${String(k).padStart(2, "0")}`
      : `+44 7700 900${String(100 + k)}`;
  const cities =
    language === "fr" ? ["Lyon", "Nantes", "Lille", "Toulouse"] : ["Leeds", "Bristol", "Glasgow", "Cardiff"];
  // One in four has no phone number.
  return {
    name,
    label: position,
    email: `${handle}@example.org`,
    ...(k % 4 !== 3 && { phone }),
    city: pick(cities, k),
  };
}

function workOf(language: "fr" | "en", k: number): Cv["work"] {
  const [position1 = "", employer1 = ""] = pick(jobs[language], k);
  const [position2 = "", employer2 = ""] = pick(jobs[language], k + 3);
  const highlight =
    language === "fr" ? "Accueil et conseil de 40 clients par jour" : "Served 40 customers a day";
  // Two in three still hold their current job.
  const end = k % 3 === 0 ? { endDate: "2024-06" } : {};
  return [
    {
      name: employer1,
      position: position1,
      startDate: `${2019 + (k % 4)}-${month(k)}`,
      ...end,
      highlights: [highlight],
    },
    {
      name: employer2,
      position: position2,
      startDate: `${2012 + (k % 5)}-${month(k + 5)}`,
      endDate: `${2018 + (k % 2)}-${month(k + 2)}`,
      highlights: [],
    },
  ];
}

export function person(i: number): Cv {
  const language = i % 2 === 0 ? "fr" : "en";
  const k = Math.floor(i / 2);
  const work = workOf(language, k);
  const [studyType = "", area = "", institution = ""] = pick(schools[language], k);
  return {
    language,
    basics: basicsOf(language, k, work[0]?.position ?? ""),
    work,
    education: [{ institution, studyType, area, endDate: String(2008 + (k % 6)) }],
    skills: [
      { name: language === "fr" ? "Compétences clés" : "Key skills", keywords: pick(skillSets[language], k) },
    ],
    languages: spoken[language]
      .slice(0, 2 + (k % 2))
      .map(([l = "", fluency = ""]) => ({ language: l, fluency })),
    interests: [],
  };
}

export const CORPUS_SIZE = 32;
