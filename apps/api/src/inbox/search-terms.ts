/**
 * What the inbox search (q) means: every word of q, in any order, starts a word of the subject or of
 * the letter number. Words are split on spaces; punctuation around a word is dropped, punctuation
 * inside it is matched literally, so "800/12/DISKOMINFO" finds "800/12/DISKOMINFO/2026" and not
 * "800/120/DISKOMINFO/2026". Case does not matter. A word character is a letter, a digit or "_", as for
 * the full-text index (InnoDB's tokenizer), which narrows the rows by one run of word characters.
 */

/** A word of q as a pattern, and the runs of word characters inside it. */
export interface SearchWord {
  /** The word as typed, trimmed of surrounding punctuation. */
  text: string;
  /** A REGEXP (PCRE on MariaDB, ICU on MySQL): the word at the start of a word of the column. */
  pattern: string;
}

export interface SearchTerms {
  words: SearchWord[];
  /**
   * Runs of word characters the full-text index can look up by prefix (Latin letters and digits, within
   * the index's token sizes, not one of InnoDB's stopwords), longest first; a row matching every word
   * holds a token starting with each.
   */
  indexable: string[];
}

/** Why q cannot be searched; the API answers 400 naming the field q. */
export class SearchTermsError extends Error {}

/** The shortest run of word characters q must hold: below it, no index can find a word. */
export const MIN_SEARCH_WORD = 3;
const WORD = /[\p{L}\p{N}_]+/gu;
const EDGE = /^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu;
/** Letters and digits every InnoDB character set tokenizes as word characters. */
const INDEXABLE = /^[\p{Script=Latin}\p{Nd}_]+$/u;
const BOUNDARY = '(^|[^\\p{L}\\p{N}_])';
/**
 * InnoDB's default full-text stopwords (INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD, the same on
 * MariaDB and MySQL) of at least 3 characters. The index is built with stopwords off, but a rebuild in
 * a default session (OPTIMIZE TABLE, a restore) would leave these out of it: they are never looked up
 * there, only matched by the pattern, so a search finds the same rows however the index was built.
 */
const INNODB_STOPWORDS = new Set([
  'about',
  'are',
  'com',
  'for',
  'from',
  'how',
  'that',
  'the',
  'this',
  'und',
  'was',
  'what',
  'when',
  'where',
  'who',
  'will',
  'with',
  'www',
]);

/** Escapes the pattern syntax characters (the same in PCRE, ICU and JavaScript); everything else is literal. */
function literal(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);
}

/**
 * Parses q (already trimmed and at most 100 characters by the DTO). tokenSizes are the full-text
 * index's (innodb_ft_min_token_size, innodb_ft_max_token_size): shorter or longer runs are matched by
 * the pattern only.
 */
export function parseSearch(q: string, tokenSizes: { min: number; max: number } = { min: 3, max: 84 }): SearchTerms {
  // Control and format characters separate words like spaces (nothing to match in a subject).
  const cleaned = q.replace(/[\p{C}]/gu, ' ');
  const seen = new Set<string>();
  const words: SearchWord[] = [];
  const runs = new Set<string>();
  for (const raw of cleaned.split(/[\s\p{Z}]+/u)) {
    const text = raw.replace(EDGE, '');
    const key = text.toLowerCase();
    if (!text || seen.has(key)) continue;
    seen.add(key);
    words.push({ text, pattern: `${BOUNDARY}${literal(text)}` });
    for (const run of text.match(WORD) ?? []) runs.add(run.toLowerCase());
  }
  if (![...runs].some((r) => [...r].length >= MIN_SEARCH_WORD)) {
    throw new SearchTermsError(`Kata pencarian harus memuat paling sedikit satu kata ${MIN_SEARCH_WORD} huruf atau angka`);
  }
  const indexable = [...runs]
    .filter((r) => INDEXABLE.test(r) && !INNODB_STOPWORDS.has(r) && [...r].length >= Math.max(tokenSizes.min, 1) && [...r].length <= tokenSizes.max)
    .sort((a, b) => b.length - a.length || a.localeCompare(b));
  return { words, indexable };
}

/** The boolean-mode query for one run: rows holding a token that starts with it. */
export function fullTextPrefix(run: string): string {
  return `+${run}*`;
}

/** The pattern for a run as a word start (counting how often a run occurs in the newest rows). */
export function runPattern(run: string): string {
  return `${BOUNDARY}${literal(run)}`;
}
