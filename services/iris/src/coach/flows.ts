// Alessio without an LLM: scripted coaching flows in French and English. A message whose words name
// a topic starts its flow; while a flow runs, any other message moves it one step on (the user
// answers, or says "ok", "suivant", "next"); the last step ends it. A message that names no topic
// outside a flow gets the menu. Deterministic: the same state and words give the same answer, so
// regenerate from the same state gives it again. Steps are short, one thing at a time (many users
// have ADHD), and end with a concrete next action, often a command the assistant carries out.
import type { Language } from "../reasons.ts";

export type FlowId = "career_change" | "training" | "applications" | "overwhelm" | "interview";

export interface CoachState {
  flow: FlowId;
  /** The step just given, 0-based. */
  step: number;
}

interface Flow {
  /** Words (accents folded, lower case) that start the flow. */
  triggers: readonly RegExp[];
  steps: Readonly<Record<Language, readonly string[]>>;
}

const FLOWS: Readonly<Record<FlowId, Flow>> = {
  career_change: {
    triggers: [
      /\breconver/,
      /\bchanger de (metier|travail|voie|carriere)/,
      /\bnouveau metier\b/,
      /\bcareer change\b/,
      /\bchang(e|ing) (my )?(career|job|field)s?\b/,
      /\bnew career\b/,
      /\bswitch(ing)? (careers?|fields?)\b/,
    ],
    steps: {
      fr: [
        "Changer de métier, ça se fait **une étape à la fois**. On en fait quatre ensemble :\n\n1. le point sur tes compétences\n2. les métiers qui te tentent\n3. la formation et son financement\n4. les candidatures\n\n**Étape 1 — tes compétences.** Note trois choses que tu fais bien (au travail ou ailleurs) et une que les autres te demandent souvent. Réponds-moi quand c'est fait, même en vrac.",
        "Merci ! Ces savoir-faire se **transfèrent** souvent plus qu'on ne croit : organiser, expliquer, réparer, rassurer…\n\n**Étape 2 — les métiers.** Choisis deux métiers qui t'attirent et lis leur fiche sur le site de France Travail (rubrique « fiches métiers »). Si tu peux, parle 15 minutes avec une personne qui fait ce métier. Dis-moi lesquels tu as choisis.",
        "**Étape 3 — la formation et son financement.**\n\n- Regarde ton solde sur **moncompteformation.gouv.fr** (ton CPF) : beaucoup de formations certifiantes y sont financées.\n- Si tu es inscrit·e à **France Travail**, demande à ton conseiller l'aide individuelle à la formation (AIF) en complément.\n- Salarié·e ? Le **projet de transition professionnelle** (Transitions Pro) peut maintenir ton salaire pendant la formation.\n- Un **bilan de compétences** est lui aussi finançable par le CPF.\n\nUne seule action aujourd'hui : ouvre ton compte CPF. Tu peux m'écrire « rappelle-moi demain 10h de regarder mon CPF ».",
        "**Étape 4 — les candidatures.** Vise petit et régulier : **deux candidatures par semaine**, chacune adaptée à l'offre (reprends trois mots de l'annonce dans ton CV). Bloque un créneau fixe : écris-moi par exemple « rappelle-moi tous les lundis à 9h d'envoyer 2 candidatures ».",
        "Tu as fait le tour des quatre étapes. Reviens quand tu veux : on peut reprendre une étape, préparer un entretien (« entretien ») ou parler de ta motivation. Tu avances, et c'est ce qui compte.",
      ],
      en: [
        "Changing careers happens **one step at a time**. We'll do four together:\n\n1. a review of your skills\n2. the jobs that appeal to you\n3. training and how to fund it\n4. applications\n\n**Step 1 — your skills.** Write down three things you do well (at work or elsewhere) and one thing people often ask you for. Reply when you're done, even in a jumble.",
        'Thanks! Those skills **transfer** more often than people think: organising, explaining, fixing, reassuring…\n\n**Step 2 — the jobs.** Pick two jobs that appeal to you and read their description on France Travail\'s site (the "fiches métiers"). If you can, talk for 15 minutes with someone who does that job. Tell me which ones you picked.',
        '**Step 3 — training and funding.**\n\n- Check your balance on **moncompteformation.gouv.fr** (your CPF): many certified courses are funded there.\n- If you are registered with **France Travail**, ask your adviser about individual training aid (AIF) on top.\n- Employed? A **professional transition project** (Transitions Pro) can keep your salary during the training.\n- A **skills assessment** (bilan de compétences) can be paid for with the CPF too.\n\nJust one action today: open your CPF account. You can write "remind me tomorrow at 10am to check my CPF".',
        '**Step 4 — applications.** Aim small and steady: **two applications a week**, each fitted to the offer (reuse three words of the ad in your CV). Block a fixed slot: write for example "remind me every Monday at 9am to send 2 applications".',
        "You've been through all four steps. Come back whenever you like: we can go over a step again, prepare an interview (\"interview\") or talk about motivation. You're moving forward, and that's what counts.",
      ],
    },
  },
  training: {
    triggers: [/\bformation\b/, /\bcpf\b/, /\bfinanc/, /\btraining\b/, /\bcourse\b/, /\bfund(ing)?\b/],
    steps: {
      fr: [
        "Pour financer une formation, trois pistes dans l'ordre :\n\n1. **Ton CPF** sur moncompteformation.gouv.fr : regarde ton solde.\n2. **France Travail** : l'AIF peut compléter si tu es demandeur·se d'emploi.\n3. **Ta région** : beaucoup financent des formations vers les métiers qui recrutent.\n\nQuel est ton solde CPF, à peu près ?",
        "Bien. Choisis maintenant une formation **certifiante** (inscrite au RNCP ou au répertoire spécifique) : c'est la condition pour le CPF. Compare deux organismes sur le taux de réussite et les avis. Dis-moi laquelle te tente.",
        "Dernière étape : l'inscription. Sur moncompteformation.gouv.fr, bouton « S'inscrire » ; l'organisme a deux jours ouvrés pour répondre. Si le solde ne suffit pas, demande un abondement à France Travail avant de valider. Tu veux un rappel ? « rappelle-moi jeudi 14h de m'inscrire ».",
      ],
      en: [
        "To fund a course, three leads in order:\n\n1. **Your CPF** on moncompteformation.gouv.fr: check your balance.\n2. **France Travail**: the AIF can top it up if you are a jobseeker.\n3. **Your region**: many fund courses towards jobs that are hiring.\n\nRoughly what is your CPF balance?",
        "Good. Now pick a **certified** course (listed in the RNCP or the specific register): that's what the CPF requires. Compare two providers on pass rates and reviews. Tell me which one tempts you.",
        'Last step: enrolling. On moncompteformation.gouv.fr, the "S\'inscrire" button; the provider has two working days to answer. If the balance falls short, ask France Travail for a top-up before confirming. Want a reminder? "remind me Thursday at 2pm to enrol".',
      ],
    },
  },
  applications: {
    triggers: [
      /\bcandidat/,
      /\bpostul/,
      /\bcv\b/,
      /\blettre de motivation\b/,
      /\bappl(y|ication)/,
      /\bresume\b/,
      /\bjob search\b/,
    ],
    steps: {
      fr: [
        "Les candidatures, c'est une routine plus qu'un marathon. **Aujourd'hui : une seule offre.** Copie trois mots-clés de l'annonce et vérifie qu'ils sont dans ton CV. C'est fait ?",
        "Parfait. Écris maintenant trois phrases de motivation : ce qui t'attire dans ce poste, une réussite qui le prouve, ta disponibilité. Pas plus. Envoie, puis note-le : « ajoute relancer l'entreprise X ».",
        "Relance au bout d'une semaine sans réponse, poliment et en deux lignes. Et garde ton rythme : « rappelle-moi tous les lundis à 9h d'envoyer 2 candidatures ».",
      ],
      en: [
        "Applications are a routine more than a marathon. **Today: just one offer.** Copy three keywords from the ad and check they're in your CV. Done?",
        'Great. Now write three sentences of motivation: what draws you to the job, one achievement that proves it, when you\'re available. No more. Send it, then note it: "add follow up with company X".',
        'Follow up after a week without an answer, politely and in two lines. And keep your rhythm: "remind me every Monday at 9am to send 2 applications".',
      ],
    },
  },
  overwhelm: {
    triggers: [
      /\bdebord/,
      /\bprocrastin/,
      /\bmotivation\b/,
      /\bfatigu/,
      /\bbloque/,
      /\bstress/,
      /\boverwhelm/,
      /\bstuck\b/,
      /\btired\b/,
      /\bunmotivated\b/,
    ],
    steps: {
      fr: [
        "C'est normal de se sentir débordé·e. On réduit : **quelle est la plus petite chose** que tu pourrais faire dans les dix prochaines minutes ? Même minuscule.",
        "Très bien. Fais-la maintenant, sans viser parfait. Tu peux lancer un minuteur : écris « focus 10 ». Reviens me dire quand c'est fait.",
        "Bravo, une chose faite compte vraiment. Pour la suite, note ton énergie (« énergie 3 ») : on adaptera le rythme à ta journée.",
      ],
      en: [
        "It's normal to feel overwhelmed. Let's shrink it: **what is the smallest thing** you could do in the next ten minutes? Even a tiny one.",
        'Very good. Do it now, without aiming for perfect. You can start a timer: write "focus 10". Come back and tell me when it\'s done.',
        'Well done, one thing done really counts. Next, log your energy ("energy 3"): we\'ll fit the pace to your day.',
      ],
    },
  },
  interview: {
    triggers: [/\bentretien/, /\binterview/],
    steps: {
      fr: [
        "Préparons l'entretien. **Première chose :** prépare ta présentation en trois temps — ton parcours en une phrase, ce que tu sais faire, pourquoi ce poste. Écris-la moi.",
        "Bien. Maintenant, prépare une histoire concrète : une situation, ce que tu as fait, le résultat. Elle servira pour « parlez-moi d'une difficulté ». Et note une question à poser au recruteur.",
        "Dernier point : la veille, prépare tes affaires et ton trajet. « rappelle-moi la veille à 19h de préparer l'entretien ». Tu es prêt·e.",
      ],
      en: [
        "Let's prepare the interview. **First:** prepare your introduction in three parts — your path in one sentence, what you can do, why this job. Write it to me.",
        'Good. Now prepare one concrete story: a situation, what you did, the result. It will answer "tell me about a difficulty". And note one question to ask the recruiter.',
        'Last point: the evening before, get your things and your route ready. "remind me at 7pm the day before to prepare the interview". You\'re ready.',
      ],
    },
  },
};

const MENU: Readonly<Record<Language, string>> = {
  fr: "Je suis Alessio, ton coach. Je peux t'accompagner pas à pas sur :\n\n- **une reconversion** (« je veux changer de métier »)\n- **une formation et son financement** (« CPF », « formation »)\n- **tes candidatures** (« candidature », « CV »)\n- **un entretien** (« entretien »)\n- **un moment de découragement** (« je suis débordé »)\n\nEt je note tes tâches et tes rappels comme par SMS : « rappelle-moi demain 9h d'appeler France Travail ».",
  en: 'I\'m Alessio, your coach. I can walk you step by step through:\n\n- **a career change** ("I want to change careers")\n- **training and its funding** ("CPF", "training")\n- **your applications** ("application", "CV")\n- **an interview** ("interview")\n- **a low moment** ("I feel overwhelmed")\n\nAnd I keep your tasks and reminders just like by SMS: "remind me tomorrow at 9am to call the bank".',
};

/** Lower case, accents folded: "Reconversion équilibrée" → "reconversion equilibree". */
export const fold = (text: string): string => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

const FLOW_IDS = Object.keys(FLOWS) as FlowId[];

/** The flow a message names, if any (the first in FLOWS' order). */
export function flowNamed(text: string): FlowId | null {
  const folded = fold(text);
  return FLOW_IDS.find((id) => FLOWS[id].triggers.some((trigger) => trigger.test(folded))) ?? null;
}

export interface CoachAnswer {
  text: string;
  /** Where the flow stands after this answer; null when none runs. */
  state: CoachState | null;
}

/** Alessio's scripted answer to `text`, from where the conversation's flow stands. */
export function coachAnswer(text: string, language: Language, state: CoachState | null): CoachAnswer {
  const named = flowNamed(text);
  if (named && named !== state?.flow)
    return { text: FLOWS[named].steps[language][0] ?? "", state: { flow: named, step: 0 } };
  if (!state) return { text: MENU[language], state: null };
  const steps = FLOWS[state.flow].steps[language];
  const step = state.step + 1;
  const next = steps[step];
  if (next === undefined) return { text: MENU[language], state: null };
  return { text: next, state: step === steps.length - 1 ? null : { flow: state.flow, step } };
}

/** The state as stored (JSON), checked: anything unknown counts as no flow. */
export function coachStateOf(value: unknown): CoachState | null {
  if (!value || typeof value !== "object") return null;
  const { flow, step } = value as { flow?: unknown; step?: unknown };
  if (typeof flow !== "string" || !FLOW_IDS.includes(flow as FlowId)) return null;
  return typeof step === "number" && Number.isInteger(step) && step >= 0
    ? { flow: flow as FlowId, step }
    : null;
}

export const flowSteps = (flow: FlowId, language: Language): readonly string[] => FLOWS[flow].steps[language];
