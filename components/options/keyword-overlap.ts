import { normalizeTagKey } from '@/utils/classifier/normalize';

/**
 * The first keyword that every post under a watched hashtag contains: the hashtag itself (keywords
 * match hashtags too, `Klima Plenum` matches `#KlimaPlenum`) or, for `Proto*`, a start of it. Such a
 * context would take every post of that hashtag and tell none apart.
 */
export function keywordCoveringWatchedTag(keywords: readonly string[], watchedTags: readonly string[]): { keyword: string; tag: string } | null {
  const tags = watchedTags.map((tag) => ({ tag, key: normalizeTagKey(tag) }));
  for (const keyword of keywords) {
    const isPrefix = keyword.endsWith('*');
    const key = normalizeTagKey(isPrefix ? keyword.slice(0, -1) : keyword);
    if (!key) continue;
    const covered = tags.find((watched) => (isPrefix ? watched.key.startsWith(key) : watched.key === key));
    if (covered) return { keyword, tag: covered.tag };
  }
  return null;
}
