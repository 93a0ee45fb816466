/**
 * The word lists `understandQuestion` reads questions with. User text is only ever looked up in
 * these sets (lower-cased), never turned into a pattern or an object key.
 */

/** Openings that mark a question as continuing the previous one, longest first. */
export const LEADS: readonly (readonly string[])[] = [
  ["and", "what", "about"],
  ["and", "how", "about"],
  ["but", "what", "about"],
  ["what", "about"],
  ["how", "about"],
  ["what", "of"],
  ["and", "also"],
  ["and"],
  ["but"],
  ["also"],
  ["plus"],
];

export const WH = new Set(["what", "when", "where", "who", "whom", "whose", "which", "why", "how"]);

/** Words after "how" that belong to the question word ("how many", "how long"). */
export const HOW_DEGREE = new Set(["many", "much", "long", "far", "old", "often", "big", "large", "soon"]);

export const AUX = new Set([
  "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "has", "have", "had",
  "can", "could", "will", "would", "shall", "should", "may", "might", "must",
]);

export const PREP = new Set([
  "in", "from", "for", "of", "to", "by", "at", "on", "with", "during", "since", "after", "before", "between", "about", "under", "within", "against", "among", "across", "into", "through",
]);

export const DET = new Set(["the", "a", "an", "some", "any", "all", "each", "every"]);

/** Words that join the parts of a fragment ("Laos and Vanuatu", "Fiji in 2017"). */
export const JOINERS = new Set(["and", "or", "&"]);

/** Lower-case words allowed inside a name between two capitalised ones ("Office on Drugs"). */
export const NAME_LINKS = new Set(["of", "on", "for", "de", "du", "del", "la", "le", "von", "van"]);

/** Pronouns that stand for a thing or a group named earlier. */
export const PERSONAL = new Set(["it", "they", "them", "he", "she", "him", "her"]);
export const POSSESSIVE = new Set(["its", "their", "his"]);
/** "this", "that": pronouns only when no noun follows ("who said that?"). */
export const DEMONSTRATIVE = new Set(["this", "that", "these", "those"]);

/** Requests that are questions of their own, never fragments ("tell me about Fox Hunt"). */
export const IMPERATIVE = new Set([
  "tell", "list", "show", "give", "explain", "describe", "name", "summarize", "summarise", "find", "define", "compare", "please", "i", "we", "you", "me",
]);

/** Common verbs in their past and present forms: a word of this list is not a noun of the question word. */
export const VERBS = new Set([
  "began", "begin", "begins", "ran", "run", "runs", "led", "lead", "leads", "made", "make", "makes", "wrote", "write", "writes", "said", "say", "says",
  "took", "take", "takes", "gave", "give", "gives", "went", "go", "goes", "came", "come", "comes", "became", "become", "becomes", "left", "leave", "leaves",
  "sent", "send", "sends", "saw", "see", "sees", "found", "find", "finds", "told", "tell", "tells", "held", "hold", "holds", "paid", "pay", "pays",
  "brought", "bring", "brings", "built", "build", "builds", "won", "win", "wins", "lost", "lose", "loses", "got", "get", "gets", "kept", "keep", "keeps",
  "meant", "mean", "means", "happen", "happens", "start", "starts", "end", "ends", "return", "returns", "know", "knew", "knows", "think", "thought",
  "fled", "flee", "flees", "fought", "fight", "fights", "sought", "seek", "seeks", "spent", "spend", "spends", "stood", "stand", "stands",
]);

/**
 * Countries and a few territories, lower-cased, so that "and Laos?" replaces the country of the
 * previous question and not the organisation also named there.
 */
export const COUNTRIES = new Set([
  "afghanistan", "albania", "algeria", "andorra", "angola", "argentina", "armenia", "australia", "austria", "azerbaijan", "bahamas", "bahrain",
  "bangladesh", "barbados", "belarus", "belgium", "belize", "benin", "bhutan", "bolivia", "bosnia", "botswana", "brazil", "brunei", "bulgaria",
  "burkina faso", "burma", "burundi", "cambodia", "cameroon", "canada", "chad", "chile", "china", "colombia", "comoros", "congo", "costa rica",
  "croatia", "cuba", "cyprus", "czechia", "denmark", "djibouti", "dominica", "ecuador", "egypt", "el salvador", "eritrea", "estonia", "eswatini",
  "ethiopia", "fiji", "finland", "france", "gabon", "gambia", "georgia", "germany", "ghana", "greece", "grenada", "guatemala", "guinea", "guyana",
  "haiti", "honduras", "hong kong", "hungary", "iceland", "india", "indonesia", "iran", "iraq", "ireland", "israel", "italy", "jamaica", "japan",
  "jordan", "kazakhstan", "kenya", "kiribati", "korea", "kosovo", "kuwait", "kyrgyzstan", "laos", "latvia", "lebanon", "lesotho", "liberia", "libya",
  "liechtenstein", "lithuania", "luxembourg", "macau", "madagascar", "malawi", "malaysia", "maldives", "mali", "malta", "mauritania", "mauritius",
  "mexico", "micronesia", "moldova", "monaco", "mongolia", "montenegro", "morocco", "mozambique", "myanmar", "namibia", "nauru", "nepal",
  "netherlands", "new zealand", "nicaragua", "niger", "nigeria", "north korea", "north macedonia", "norway", "oman", "pakistan", "palau", "palestine",
  "panama", "papua new guinea", "paraguay", "peru", "philippines", "poland", "portugal", "qatar", "romania", "russia", "rwanda", "samoa",
  "san marino", "saudi arabia", "senegal", "serbia", "seychelles", "sierra leone", "singapore", "slovakia", "slovenia", "solomon islands", "somalia",
  "south africa", "south korea", "south sudan", "spain", "sri lanka", "sudan", "suriname", "sweden", "switzerland", "syria", "taiwan", "tajikistan",
  "tanzania", "thailand", "tibet", "togo", "tonga", "trinidad", "tunisia", "turkey", "türkiye", "turkmenistan", "tuvalu", "uganda", "ukraine",
  "united arab emirates", "united kingdom", "united states", "uk", "us", "usa", "uae", "uruguay", "uzbekistan", "vanuatu", "venezuela", "vietnam",
  "yemen", "zambia", "zimbabwe",
]);
