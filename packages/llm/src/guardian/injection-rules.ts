// The prompt-injection rules, in French and English (and both mixed: every list holds the words
// of both languages, so "ignore tes instructions previous" matches too). Each rule is a named
// pattern on one view of the message (fold.ts): `words` (folded, single spaces), `squashed` (no
// spaces: for words cut apart) or `raw` (normalised and lower-cased, punctuation kept: for fake
// role markers). A rule that fires says which, so a refusal can be explained and a false
// positive traced to its rule. Innocent uses of "ignore", "instructions", "système", "rôle" are
// in the corpus (corpus/guardian.jsonl); a rule change must keep them passing.

export interface InjectionRule {
  id: string;
  description: string;
  view: "words" | "squashed" | "raw";
  pattern: RegExp;
}

/** Alternatives, "|"-separated, as a non-capturing group. */
const alt = (words: string): string => `(?:${words})`;

// Verbs that throw instructions away. French forms in the imperative and infinitive.
const DISCARD = alt(
  "ignore|ignorez|ignorer|disregard|forget|skip|bypass|override|neglect|stop following|do not follow|dont follow|don t follow|no longer follow|oublie|oubliez|oublier|ne tiens pas compte (?:de|des|du)|ne tenez pas compte (?:de|des|du)|fais abstraction (?:de|des|du)|faites abstraction (?:de|des|du)|passe outre|passez outre|outrepasse|outrepassez|arrete de suivre|arretez de suivre|ne suis plus|ne suivez plus|set aside|throw away|discard|laisse tomber|laissez tomber|mets de cote|mettez de cote",
);
// Words that say "the instructions you already have".
const QUALIFIER = alt(
  "previous|prior|above|earlier|preceding|initial|original|all|any|every|your|system|old|existing|precedentes?|precedents?|anterieures?|ci dessus|initiales?|d origine|tes|vos|ton|votre|toutes|tous|systeme|de depart",
);
const FILLER = alt("the|my|of|these|those|les|des|de|du|la|le|ces|mes|l|whatever|any");
const INSTRUCTIONS = alt(
  "instructions?|rules|prompts?|directives?|guidelines|guardrails|constraints|programming|orders|commands|policies|consignes?|regles|ordres|indications|contraintes|garde fous|programmation|guidance|directions",
);
// What says the instructions came before: "…the guidance you received earlier", "…que tu as reçues".
const RECEIVED = alt("earlier|previously|before|received|were given|recues|donnees|precedemment|avant");
// Not "I ignore…", "j'ignore…", "j'ai ignoré…": someone telling what they did.
const NOT_A_SUBJECT =
  "(?<!\\b(?:i|we|they|he|she|people|je|j|il|elle|on|nous|ils|elles|ai|as|a|avons|avez|ont) )";

const SHOW = alt(
  "reveal|show|print|repeat|display|output|leak|dump|give|tell|write|what is|what s|whats|revele|revelez|montre|montrez|affiche|affichez|repete|repetez|donne|donnez|ecris|imprime|recopie|divulgue|quel est|quelles sont|afficher|reveler|montrer|donner|repeter|imprimer|quote|cite",
);
const SECRET = alt(
  "hidden|secret|initial|original|internal|system|cachees?|caches?|secretes?|initiales?|d origine|internes?|systeme|de depart",
);
const PROMPT = alt(
  "system prompt|prompt systeme|initial prompt|prompt initial|original prompt|hidden prompt|prompt cache|secret prompt|pre prompt|preprompt|system message|message systeme",
);
const POSSESSIVE = alt("your|ton|tes|votre|vos");

const ROLE = alt(
  "you are now|you re now|youre now|you will now|act as|pretend|from now on|roleplay as|tu es maintenant|tu es desormais|tu es dorenavant|agis comme|joue le role|fais comme si|faites comme si|a partir de maintenant|desormais|dorenavant|tu n es plus|you are no longer|(?:respond|answer|reply)(?: only)? as|reponds(?: uniquement| seulement)? comme|en tant qu(?:e|e une?|un)?|(?:you re|you are) an?(?: \\w+)? (?:ai|assistant|bot|chatbot|model)|tu es une?(?: \\w+)? (?:ia|assistant|bot|modele)|fais semblant|faites semblant",
);
const UNBOUND = alt(
  "no rules|no restrictions?|no limits?|no filters?|no content policy|without (?:any )?(?:restrictions?|rules|limits|filters?|censorship|ethics|ethical)|unrestricted|unfiltered|uncensored|jailbreak|jailbroken|evil|no longer bound|sans (?:aucune )?(?:regles?|limites?|restrictions?|filtres?|censure)|sans censure|non censuree?|liberee?|aucune (?:regle|limite|restriction)|plus soumise?|soumise? a aucune|dan|free ai|ia libre|zero (?:limits|limitations|rules|restrictions)|no limitations|without limitations|sans politique de contenu|without (?:a )?content policy",
);
const PRIVILEGED_MODE = alt(
  "developer|debug|god|admin|administrator|maintenance|dan|jailbreak|unrestricted|sudo",
);
const MODE_FR = alt("developpeur|debug|dieu|admin|administrateur|maintenance|dan|sans restriction");
const ENTER = alt(
  "enable|activate|enter|switch to|turn on|you are now in|you are in|you re in|active|activez|passe en|passez en|tu es maintenant en|tu es en|entre en",
);

const SAFETY = alt(
  "safety filters?|security filters?|content filters?|filters?|guardrails|safety|content policy|content moderation|moderation|censorship|restrictions|filtres?(?: de securite)?|garde fous|censure|securites?|limites|regles de securite|consignes de securite|restrictions",
);
const SAFETY_CORE = alt(
  "safety filters?|guardrails|content policy|content moderation|garde fous|filtres de securite|regles de securite|consignes de securite|censorship|censure",
);
const DISABLE = alt(
  "disable|turn off|deactivate|remove|bypass|override|switch off|lift|desactive|desactivez|contourne|contournez|supprime|supprimez|enleve|enlevez|retire|retirez|leve|outrepasse|passe outre",
);

const PERSONAL_DATA = alt(
  "data|donnees|conversations?|history|historique|e ?mails?|phone numbers?|numeros?(?: de telephone)?|addresses|adresses|passwords?|mots de passe|accounts|comptes",
);
const PEOPLE = alt("users?|utilisateurs?|customers|clients|members|membres|accounts|comptes");

const w = (source: string) => new RegExp(source, "u");

export const INJECTION_RULES: readonly InjectionRule[] = [
  {
    id: "discard-instructions",
    description: "asks to ignore or forget the instructions already given",
    view: "words",
    pattern: w(
      `${NOT_A_SUBJECT}\\b${DISCARD}(?: ${FILLER}| ${QUALIFIER}){0,4} ${QUALIFIER}(?: ${FILLER}| ${QUALIFIER}){0,3} ${INSTRUCTIONS}\\b` +
        `|${NOT_A_SUBJECT}\\b${DISCARD}(?: ${FILLER}| ${QUALIFIER}){0,3} ${INSTRUCTIONS} ${QUALIFIER}\\b` +
        `|${NOT_A_SUBJECT}\\b${DISCARD}(?: ${FILLER}| ${QUALIFIER}){0,3} ${INSTRUCTIONS}(?: \\w+){0,3} ${RECEIVED}\\b`,
    ),
  },
  {
    id: "discard-instructions-squashed",
    description: "asks to ignore the previous instructions, with the words cut apart",
    view: "squashed",
    pattern: w(
      `(?:ignore|ignorez|disregard|forget|oublie|oubliez|bypass|override|outrepasse)(?:all|the|your|any|of|toutes|tous|les|tes|vos|ces|des|de|du)*` +
        `(?:previous|prior|above|earlier|preceding|initial|original|system|precedentes?|anterieures?|cidessus|initiales?|systeme|your|tes|vos|ton|votre)` +
        `(?:all|the|toutes|tous|les|tes|vos|ces)*(?:instructions?|rules|prompts?|directives|guidelines|consignes|regles)`,
    ),
  },
  {
    id: "forget-everything",
    description: "asks to forget everything it was told",
    view: "words",
    pattern: w(
      `\\b(?:forget|oublie|oubliez) (?:absolutely )?(?:everything|all|tout)\\b(?: \\w+){0,5} (?:were told|have been told|was told|been told|before|above|ci dessus|avant|precedemment|on t a dit|t a dit|on vous a dit|appris)\\b`,
    ),
  },
  {
    id: "unbound-persona",
    description: "gives the assistant a new persona without rules or limits",
    view: "words",
    pattern: w(`\\b${ROLE}\\b(?: \\w+){0,8} ${UNBOUND}\\b|\\b${UNBOUND}\\b(?: \\w+){0,6} ${ROLE}\\b`),
  },
  {
    id: "drop-persona",
    description: "asks to drop the coach persona",
    view: "words",
    pattern: w(
      `\\b${DISCARD}(?: the| your| le| ton| ce| this)?(?: coaching| coach)? (?:persona|personnage|character)\\b`,
    ),
  },
  {
    id: "void-instructions",
    description: "declares the instructions void or the conversation so far a test",
    view: "words",
    pattern: w(
      `\\b${INSTRUCTIONS} (?:are|is|sont|est) (?:now )?(?:void|cancelled|canceled|null|annulees?|caduques?|obsoletes?|no longer valid|plus valables?)\\b` +
        `|\\b(?:everything|all) (?:before|above)(?: this| here)?(?: message)? (?:was|is) (?:a test|fake|irrelevant)\\b|\\btout ce qui precede (?:etait|est) (?:un test|faux)\\b` +
        `|\\b(?:your real task|your true purpose|your actual task|ta vraie (?:mission|tache)|ta veritable mission)\\b`,
    ),
  },
  {
    id: "demand-obedience",
    description: "demands that the assistant obey the user instead",
    view: "words",
    pattern: w(
      `\\b(?:obey|obeis|obeissez)(?: only)? (?:me|moi)\\b|\\b(?:m obeir|obeir a moi|obey only me|obey me only)\\b`,
    ),
  },
  {
    id: "ask-prior-instructions",
    description: "asks what it was told before the conversation",
    view: "words",
    pattern: w(
      `\\b(?:what were you told|what have you been told|what did they tell you|what were your instructions|qu est ce qu on t a (?:dit|demande)|qu est ce qu on vous a (?:dit|demande)|que t a t on (?:dit|demande))\\b(?: \\w+){0,3} (?:before|to do|avant|de faire)\\b`,
    ),
  },
  {
    id: "privileged-mode",
    description: "asks to switch to a developer, admin or jailbreak mode",
    view: "words",
    pattern: w(
      `\\b${ENTER}(?: the| le| la| l)? (?:${PRIVILEGED_MODE} mode|mode ${MODE_FR})\\b|^(?:mode ${MODE_FR}|${PRIVILEGED_MODE} mode)\\b|\\b(?:dan|jailbreak) mode\\b|\\bmode dan\\b`,
    ),
  },
  {
    id: "reveal-prompt",
    description: "asks to reveal the system prompt or hidden instructions",
    view: "words",
    pattern: w(
      `\\b${SHOW}(?: me| moi)?(?: \\w+){0,3} ${PROMPT}\\b|\\b${POSSESSIVE} ${PROMPT}\\b` +
        `|\\b${SHOW}(?: me| moi)?(?: ${FILLER}| ${POSSESSIVE}| all| toutes| full| entire)* (?:${SECRET} ${INSTRUCTIONS}|${INSTRUCTIONS} ${SECRET})\\b` +
        `|\\b(?:reveal|print|show|repeat|dump|leak|revele|affiche|montre|repete|recopie)(?: me| moi)?(?: all| toutes)? ${POSSESSIVE} (?:instructions|rules|prompt|consignes|regles|configuration|config)\\b`,
    ),
  },
  {
    id: "reveal-prompt-squashed",
    description: "asks to reveal the system prompt, with the words cut apart",
    view: "squashed",
    pattern: w(
      `(?:reveal|show|print|repeat|display|output|leak|give|tell|revele|montre|affiche|repete|donne|recopie)(?:me|moi)?` +
        `(?:your|ton|tes|vos|votre|the|le|les)(?:full|entire|whole)?(?:hidden|secret|initial|original|system|cachees?|secretes?|initiales?|systeme)` +
        `(?:prompt|instructions|consignes)|(?:your|ton|votre)(?:systemprompt|promptsysteme)`,
    ),
  },
  {
    id: "repeat-above",
    description: "asks to repeat the text above word for word",
    view: "words",
    pattern: w(
      `\\b(?:repeat|print|output|write|repete|affiche|recopie|reproduis|ecris)(?: the| le| tout le| all)? (?:text|words|everything|tout|texte|contenu)\\b(?: \\w+){0,4} (?:above|ci dessus|au dessus|before this|verbatim|mot pour mot|word for word)\\b`,
    ),
  },
  {
    id: "reveal-secrets",
    description: "asks for keys, passwords or configuration",
    view: "words",
    pattern: w(
      `\\b(?:reveal|show|give|tell|print|revele|montre|affiche|donne)(?: me| moi)?(?: ${POSSESSIVE}| the| la| le| les| l)? (?:configuration|config|api key|cle api|passwords?|mot de passe|credentials|identifiants|secret key|cle secrete)\\b`,
    ),
  },
  {
    id: "repeat-above-squashed",
    description: "asks to repeat the text above word for word, with the words cut apart",
    view: "squashed",
    pattern: w(
      `(?:repeat|print|output|repete|affiche|recopie|reproduis)(?:the|le|toutle|all)?(?:text|words|everything|tout|texte|contenu)\\w{0,30}?(?:above|cidessus|audessus|verbatim|motpourmot|wordforword)`,
    ),
  },
  {
    id: "fake-role-marker",
    description: "contains a chat-template or role marker (system:, [INST], <|im_start|>…)",
    view: "raw",
    pattern: new RegExp(
      String.raw`<\|?\s*(?:im_start|im_end|system|endoftext|eot_id|start_header_id)\s*\|?>|\[\/?(?:inst|sys|system|systeme|système)\]|<<\/?sys>>|<\/?s>|^\s*#{1,4}\s*(?:system|instructions?|new instructions|nouvelles instructions|consignes)\b|^\s*(?:system|systeme|système|assistant|developer|admin)\s*:`,
      "mu",
    ),
  },
  {
    id: "new-instructions",
    description: "announces new instructions, or the end of the user's input",
    view: "words",
    pattern: w(
      `\\b(?:${POSSESSIVE} (?:new|nouvelles?) |new system |nouveau )(?:instructions|rules|prompt|consignes|regles|directives)\\b|\\bnew system prompt\\b|\\b(?:end of (?:the )?(?:user )?(?:input|prompt|message)|fin de (?:la )?(?:saisie|requete|message)(?: utilisateur)?)\\b`,
    ),
  },
  {
    id: "new-instructions-colon",
    description: "starts a block of new instructions",
    view: "raw",
    pattern:
      /\b(?:new|nouvelles?) (?:system )?(?:instructions|rules|prompt|consignes|règles|regles|directives)\s*:/u,
  },
  {
    id: "disable-safety",
    description: "asks to disable its safety filters or restrictions",
    view: "words",
    pattern: w(
      `\\b${DISABLE}(?: ${POSSESSIVE}| all| toutes?(?: les| tes| vos)?| tous(?: les| tes| vos)?| any)(?: \\w+)? ${SAFETY}\\b|\\b${DISABLE}(?: the| les| la| le)? ${SAFETY_CORE}\\b`,
    ),
  },
  {
    id: "disable-safety-squashed",
    description: "asks to disable its safety filters, with the words cut apart",
    view: "squashed",
    pattern: w(
      `(?:disable|turnoff|deactivate|bypass|switchoff|desactive|desactivez|contourne|contournez)(?:your|tes|vos|the|les|all|toutes|tous)*(?:safety|content|security|desecurite)?` +
        `(?:filters?|guardrails|moderation|contentpolicy|gardefous|filtres?|censure|censorship)`,
    ),
  },
  {
    id: "claims-authority",
    description: "claims to be its developer or to carry an order that overrides its instructions",
    view: "words",
    pattern: w(
      `\\b(?:i am|i m|im|je suis) (?:your|ton|votre) (?:developer|developpeur|creator|createur|administrator|administrateur|admin|owner|proprietaire|concepteur|programmer|programmeur)\\b` +
        `|\\b(?:i am|i m|im|je suis) (?:the|le|l) (?:developer|developpeur|creator|createur|administrator|administrateur|admin)(?: of| de)? (?:this|the|cette|ce|l) (?:ai|ia|app|application|assistant|bot|chatbot)\\b` +
        `|\\b(?:highest|top|maximum|absolute) priority\\b|\\boverrides? (?:${POSSESSIVE} |all |the )?(?:system |previous |other )?(?:instructions|prompt|rules)\\b` +
        `|\\b(?:message|instruction|ordre) (?:est )?prioritaire\\b|\\bremplace (?:tes|vos|les) (?:instructions|consignes|regles)\\b` +
        `|^admin(?:istrator)? override\\b|\\b(?:authorize|authorise|autorise) (?:you|te|t|vous) (?:a |to )?(?:ignore|ignorer|bypass|contourner|desactiver|disable)\\b`,
    ),
  },
  {
    id: "exfiltrate-data",
    description: "asks to send or list other people's data",
    view: "words",
    pattern: w(
      `\\b(?:send|forward|email|transmit|envoie|envoyez|transmets|transmettez|transfere)(?: \\w+){0,3} ${PERSONAL_DATA}\\b(?: \\w+){0,4} (?:to|a)\\b` +
        `|\\b(?:list|dump|export|give me|show me|liste|listez|affiche|donne moi|exporte)(?: \\w+){0,2} (?:all|every|tous|toutes|les)(?: \\w+){0,2} (?:${PEOPLE}|phone numbers?|numeros de telephone|e ?mails|passwords|mots de passe)\\b` +
        `|\\b(?:send|forward|email|transmit|envoie|envoyez|transmets|transmettez|transfere)(?: \\w+){0,3} ${PERSONAL_DATA} (?:des|of|from|de)(?: \\w+)? ${PEOPLE}\\b` +
        `|\\b(?:other users|autres utilisateurs|all users|tous les utilisateurs)\\b`,
    ),
  },
  {
    id: "encoded-payload",
    description: "asks to decode a payload and act on it",
    view: "words",
    pattern: w(
      `\\b(?:decode|decoder|decodez|translate|convert)(?: \\w+){0,2} (?:base ?6[4a]|rot ?(?:13|ie)|hex|hexadecimal|binary|binaire)\\b(?: \\w+){0,6} (?:follow|execute|run|obey|apply|suis|executes?|appliques?|obeis)\\b`,
    ),
  },
];
