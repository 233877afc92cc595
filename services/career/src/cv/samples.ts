// Synthetic CVs (invented people) for tests, the benchmark and the demo. Builders, not fixtures:
// sampleCv("fr", { … }) overrides what a test is about.
import type { Cv } from "./model.ts";

const fr: Cv = {
  language: "fr",
  basics: {
    name: "Camille Fictive",
    label: "Cheffe de projet digital",
    email: "camille.fictive@example.org",
    phone: "+33 6 00 00 00 01",
    summary:
      "Ancienne enseignante reconvertie dans la gestion de projet web, à l'aise avec les équipes et les délais.",
    city: "Lyon",
    countryCode: "FR",
  },
  work: [
    {
      name: "Agence Exemple",
      position: "Cheffe de projet junior",
      location: "Lyon",
      startDate: "2023-09",
      highlights: [
        "Pilotage de trois sites web en méthode Scrum",
        "Suivi budgétaire et reporting hebdomadaire auprès des clients",
      ],
    },
    {
      name: "Collège Imaginaire",
      position: "Professeure de français",
      startDate: "2012-09",
      endDate: "2023-07",
      summary: "Coordination de projets pédagogiques avec une équipe de huit enseignants.",
      highlights: ["Création du site web de l'établissement"],
    },
  ],
  education: [
    {
      institution: "Formation Numérique Exemple",
      studyType: "Certificat",
      area: "Gestion de projet digital",
      endDate: "2023",
    },
    {
      institution: "Université Fictive",
      studyType: "Master",
      area: "Lettres modernes",
      startDate: "2007",
      endDate: "2012",
    },
  ],
  skills: [
    { name: "Gestion de projet", keywords: ["Scrum", "Jira", "Trello"] },
    { name: "Web", keywords: ["HTML", "CSS", "WordPress"] },
  ],
  languages: [
    { language: "Français", fluency: "Langue maternelle" },
    { language: "Anglais", fluency: "C1" },
  ],
  interests: [{ name: "Randonnée", keywords: [] }],
};

const en: Cv = {
  language: "en",
  basics: {
    name: "Sam Example",
    label: "Junior data analyst",
    email: "sam.example@example.com",
    summary: "Former accountant retrained as a data analyst; careful with numbers, patient with people.",
    city: "Lille",
    countryCode: "FR",
  },
  work: [
    {
      name: "Example Bootcamp",
      position: "Data analyst trainee",
      startDate: "2024-01",
      endDate: "2024-06",
      highlights: ["Sales analysis with Python and pandas", "SQL queries on PostgreSQL"],
    },
    {
      name: "Fictional Accounting Ltd",
      position: "Accountant",
      startDate: "2016-03",
      endDate: "2023-12",
      highlights: ["Monthly reporting and dashboards in Power BI"],
    },
  ],
  education: [
    { institution: "Example Institute", studyType: "Diploma", area: "Accounting", endDate: "2016" },
  ],
  skills: [{ name: "Data", keywords: ["SQL", "Python", "pandas", "Power BI", "Excel"] }],
  languages: [
    { language: "French", fluency: "Native" },
    { language: "English", fluency: "C1" },
  ],
  interests: [],
};

export function sampleCv(language: "fr" | "en", overrides: Partial<Cv> = {}): Cv {
  return structuredClone({ ...(language === "fr" ? fr : en), ...overrides });
}
