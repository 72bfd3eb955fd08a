/**
 * Search over the reader's corrections: every word of the query must occur in the post's text, its
 * hashtags or the name of the chosen context. Case, accents and ß do not matter ("strasse" finds
 * "Straße", "muller" finds "Müller").
 */
export interface SearchableCorrection {
  text: string;
  watchedTags: readonly string[];
}

export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ß/g, 'ss');
}

export function queryWords(query: string): string[] {
  return foldForSearch(query)
    .split(/\s+/)
    .map((word) => word.replace(/^#/, ''))
    .filter((word) => word.length > 0);
}

/** What a correction is searched by, folded once per list rather than once per keystroke. */
export function searchableText(correction: SearchableCorrection, contextName: string): string {
  return foldForSearch(`${correction.text} ${correction.watchedTags.join(' ')} ${contextName}`);
}

export function matchesQuery(words: readonly string[], searchable: string): boolean {
  return words.every((word) => searchable.includes(word));
}
