/**
 * Baselines for evaluation (pure). They show what the classifier adds over what a user could do
 * without it.
 */
import type { CategoryId } from './types';

/**
 * A hand-written keyword filter of the kind a Mastodon user would set up: a few keywords per category,
 * case-insensitive whole-word (or word-prefix for `stem*`) matches, rules checked in order, first match wins,
 * `other` when nothing matches.
 */
export const KEYWORD_RULES: ReadonlyArray<readonly [CategoryId, readonly string[]]> = [
  ['legislation', ['gesetz*', 'bundestag*', 'parlament*', 'parliament', 'eu', 'regulation', 'law', 'gericht*', 'court', 'vote']],
  ['network_protocol', ['activitypub', 'fediverse', 'xmpp', 'matrix', 'server', 'software', 'http', 'nostr', 'open source']],
  ['civic_recruiting', ['mitmachen', 'ehrenamt*', 'wir suchen', 'job*', 'volunteer*', 'hiring', 'stelle']],
];

const compiled: ReadonlyArray<readonly [CategoryId, RegExp]> = KEYWORD_RULES.map(([category, words]) => {
  const alternatives = words.map((w) => {
    const stem = w.endsWith('*');
    const body = (stem ? w.slice(0, -1) : w).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return stem ? `${body}\\p{L}*` : body;
  });
  return [category, new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'iu')] as const;
});

export function keywordBaseline(text: string): CategoryId {
  for (const [category, pattern] of compiled) if (pattern.test(text)) return category;
  return 'other';
}
