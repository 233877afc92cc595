// The narrative analyzer's French and English lexicons. Words are written folded (lower case, no
// accents); a trailing * matches any ending ("fatigu*": fatigue, fatigué, fatiguée…). Weights run
// from -3 (very negative) to +3 (very positive). Kept small and readable on purpose: every result
// names the words that gave it, so a wrong one is fixed here, by a person, in one line.

export type Theme =
  | "work"
  | "job_search"
  | "training"
  | "health"
  | "sleep"
  | "relationships"
  | "money"
  | "admin"
  | "focus"
  | "leisure";

// prettier-ignore
export const THEMES: Readonly<Record<Theme, readonly string[]>> = {
  work: [
    "travail*", "boulot", "bureau", "collegue*", "patron*", "chef", "manager*", "reunion*", "projet*",
    "client*", "work*", "job", "jobs", "office", "boss", "colleague*", "meeting*", "project*", "shift*",
  ],
  job_search: [
    "candidature*", "postul*", "cv", "entretien*", "recrut*", "offre*", "emploi*", "reconversion", "metier*",
    "france", "chomage", "pole", "application*", "apply", "applied", "resume", "interview*", "hiring",
    "recruit*", "career*", "unemploy*",
  ],
  training: [
    "formation*", "cours", "cpf", "diplome*", "apprend*", "etudi*", "certific*", "training", "course*",
    "class*", "learn*", "study*", "studied", "degree*", "certificat*",
  ],
  health: [
    "sante", "malade*", "medecin*", "douleur*", "mal", "sport", "courir", "marche", "medicament*", "therap*",
    "health*", "sick", "ill", "doctor*", "pain*", "ache*", "exercise*", "run", "running", "walk*", "meds",
    "medication*", "therap*", "gym",
  ],
  sleep: [
    "dormi*", "dormir", "sommeil", "nuit", "reveil*", "insomnie*", "sieste", "couche*", "sleep*", "slept",
    "night", "insomnia", "nap*", "bed", "woke", "wake*",
  ],
  relationships: [
    "famille", "ami*", "copain*", "copine*", "enfant*", "fils", "fille", "mere", "pere", "parent*", "mari",
    "femme", "couple", "family", "friend*", "kid*", "child*", "son", "daughter", "mother", "mom", "mum",
    "father", "dad", "partner*", "wife", "husband",
  ],
  money: [
    "argent", "salaire*", "loyer", "facture*", "dette*", "banque", "budget", "paye*", "payer", "sous", "money",
    "salary", "rent", "bill*", "debt*", "bank", "budget*", "pay", "paid", "broke",
  ],
  admin: [
    "papiers", "dossier*", "administrati*", "impots", "caf", "formulaire*", "courrier*", "rendez", "paperwork",
    "form", "forms", "taxes", "admin", "appointment*", "letter*",
  ],
  focus: [
    "concentr*", "distrai*", "procrastin*", "tdah", "oubli*", "deborde*", "focus*", "tache*", "liste*",
    "focus*", "distract*", "adhd", "forgot", "forget*", "overwhelm*", "task*", "list*", "todo",
  ],
  leisure: [
    "film*", "musique", "lecture", "lire", "lu", "jeu", "jeux", "balade*", "vacances", "cuisine*", "dessin*",
    "movie*", "music", "read*", "book*", "game*", "holiday*", "vacation*", "cook*", "draw*", "hobby",
    "hobbies",
  ],
};

/** Sentiment words with their weight. */
// prettier-ignore
export const SENTIMENT: Readonly<Record<string, number>> = {
  // French, positive
  "content*": 2, heureux: 3, "heureuse*": 3, "fier*": 2, "fiere*": 2, super: 2, "genial*": 3, bien: 1,
  mieux: 2, "calme*": 1, "serein*": 2, "motive*": 2, "reussi*": 2, bravo: 2, joie: 3, "soulag*": 2,
  "confian*": 2, "enthousias*": 3, plaisir: 2, "ravi*": 3, cool: 1, top: 2, "agreable*": 2, "avance*": 1,
  progres: 2, espoir: 2, merci: 1, "repose*": 2, energie: 1, "detendu*": 2,
  // French, negative
  "triste*": -2, "fatigu*": -2, "epuise*": -3, "stress*": -2, "angoiss*": -3, "anxi*": -2, "peur*": -2,
  nul: -2, nulle: -2, mal: -1, "deprim*": -3, "seul*": -1, colere: -2, "enerve*": -2, "decourag*": -2,
  "rate*": -1, "echec*": -2, "difficile*": -1, dur: -1, "deborde*": -2, "bloque*": -2, "inquiet*": -2,
  "pleur*": -2, "horrible*": -3, marre: -2, "perdu*": -1, honte: -2, "crev*": -2, ennui: -1,
  // English, positive
  happy: 3, glad: 2, proud: 2, great: 2, good: 1, better: 2, calm: 1, relaxed: 2, motivated: 2, "success*": 2,
  "achiev*": 2, "joy*": 3, "relie*": 2, confident: 2, "excit*": 3, "enjoy*": 2, "love*": 2, nice: 1,
  "progress*": 2, "hope*": 2, grateful: 2, "thank*": 1, rested: 2, "energ*": 1, fine: 1, awesome: 3,
  wonderful: 3,
  // English, negative
  "sad*": -2, tired: -2, "exhaust*": -3, stressed: -2, stress: -2, anxious: -2, anxiety: -2, afraid: -2,
  scared: -2, "fear*": -2, bad: -1, awful: -3, terrible: -3, "depress*": -3, lonely: -2, angry: -2,
  annoyed: -2, "discourag*": -2, "fail*": -2, hard: -1, difficult: -1, "overwhelm*": -2, stuck: -2,
  worried: -2, worry: -2, "cry*": -2, cried: -2, "hate*": -2, lost: -1, ashamed: -2, bored: -1, drained: -2,
};

/** Words that flip the polarity of a sentiment word within the three before it. */
// prettier-ignore
export const NEGATORS: ReadonlySet<string> = new Set([
  "pas", "jamais", "plus", "rien", "aucun", "aucune", "sans", "ni", "not", "never", "no", "without", "nor",
  "nothing",
]);

/** Words that strengthen the next sentiment word (×1.5). */
// prettier-ignore
export const INTENSIFIERS: ReadonlySet<string> = new Set([
  "tres", "vraiment", "trop", "tellement", "super", "hyper", "completement", "very", "really", "so", "too",
  "extremely", "totally", "completely",
]);

/** Frequent words that tell the languages apart (no lexicon word is here). */
// prettier-ignore
export const STOPWORDS: Readonly<Record<"fr" | "en", ReadonlySet<string>>> = {
  fr: new Set([
    "je", "j", "le", "la", "les", "un", "une", "des", "et", "est", "suis", "ai", "mais", "avec", "pour", "que",
    "qui", "ce", "c", "mon", "ma", "mes", "du", "de", "aujourd", "hui", "ne", "pas", "tres", "on", "il",
    "elle", "au", "en", "a",
  ]),
  en: new Set([
    "i", "the", "a", "an", "and", "is", "am", "was", "but", "with", "for", "that", "this", "my", "of", "to",
    "it", "today", "not", "very", "in", "on", "me", "have", "had", "been", "feel", "felt",
  ]),
};
