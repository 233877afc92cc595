// The benchmark's inputs: a CV that fills two A4 pages in the classic template, and a one-page offer.
import { sampleCv } from "../src/cv/samples.ts";
import type { Cv } from "../src/cv/model.ts";

export function twoPageCv(): Cv {
  const base = sampleCv("fr");
  const jobs = [
    "Agence Exemple",
    "Studio Fictif",
    "Collège Imaginaire",
    "Association Démo",
    "Mairie Modèle",
    "Librairie Essai",
    "Cabinet Maquette",
  ];
  return {
    ...base,
    work: jobs.map((name, i) => ({
      name,
      position: i % 2 === 0 ? "Cheffe de projet" : "Coordinatrice de projets pédagogiques",
      startDate: `${2023 - i * 2}-09`,
      endDate: `${2025 - i * 2}-07`,
      summary:
        "Coordination d'une équipe pluridisciplinaire, suivi budgétaire, relation avec les partenaires et reporting mensuel auprès de la direction.",
      highlights: [
        "Pilotage de projets web en méthode Scrum avec des équipes de cinq à huit personnes",
        "Suivi budgétaire, tableaux de bord Excel et reporting hebdomadaire auprès des clients",
        "Animation d'ateliers de formation et rédaction de la documentation utilisateur",
      ],
    })),
  };
}

export const onePageOffer = `Chef de projet digital H/F
Agence Exemple, Lyon — CDI
Nous recherchons un(e) chef(fe) de projet digital pour piloter la refonte de nos sites et applications.
Missions :
- Gestion de projet de bout en bout : cadrage, planning, suivi du budget, recette
- Coordination des équipes techniques et créatives en méthode Scrum
- Rédaction des cahiers des charges et des spécifications fonctionnelles
- Reporting auprès de la direction et des clients, tableaux de bord
- Animation des ateliers avec les utilisateurs, conduite du changement
Profil :
- Expérience de 3 ans en gestion de projet web ou digital
- Maîtrise des méthodes agiles (Scrum, Kanban) et de Jira
- Bonnes connaissances HTML, CSS, WordPress et SEO
- Anglais courant, excellentes qualités rédactionnelles
- Rigueur, sens de l'organisation, aisance relationnelle
Un plus :
- Figma, Google Analytics, notions de JavaScript
- Connaissance de l'accessibilité numérique (RGAA)`;

/** The same CV with its summary numbered: new input for the compiler, the same two pages. */
export function variant(cv: Cv, serial: number): Cv {
  return { ...cv, basics: { ...cv.basics, summary: `${cv.basics.summary ?? ""} (${serial})` } };
}
