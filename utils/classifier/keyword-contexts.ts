/**
 * The reader's own contexts: a post in which one of a context's keywords occurs is labelled with it,
 * whatever the model read. Pure: no storage, no DOM.
 *
 * Matching uses the classifier's normal form ({@link normalizeText}: case, umlauts and ß folded, so
 * `Plenum`, `PLENUM` and `plenum` match, and `Straße` matches `Strasse`, `Bürgerrat` `Buergerrat`):
 * - a keyword matches whole words only; a keyword of several words matches them in a row;
 * - a trailing `*` matches words starting with it (`Plenum*` also matches `Plenumssitzung`), the
 *   lexicon's own syntax for stems. Without it, `Plenum` does **not** match `Plenumssitzung`: reader
 *   keywords are short and matched without any weighing, and German compound parts would then fire
 *   inside unrelated words (`Rat` in `Beratung`, `Amt` in `Amtsgericht`, `Tafel` in `Schultafel`);
 *   the reader who wants the compounds says so with `*`;
 * - a keyword also matches a hashtag written as one word: `Klima Plenum` matches `#KlimaPlenum`
 *   and `#klima_plenum` (a one-word keyword matches its hashtag as a word already).
 *
 * Confidence grows with the number of different keywords found: 1 − 0.5^(n+1), so one keyword
 * gives 75 %, two 88 %, three 94 %, four 97 % (the tooltip says at most 99 %). A keyword the reader
 * chose is good evidence (they defined the context by it), but a single word can be incidental.
 * When several contexts match, the one with more matching keywords wins, ties go to the one listed first.
 */
import { normalizeTagKey, normalizeText } from './normalize';
import type { CustomContextId, PostLabel, Reason } from './types';

export interface KeywordContext {
  id: CustomContextId;
  keywords: readonly string[];
}

interface CompiledKeyword {
  /** As the reader wrote it: what the tooltip shows. */
  label: string;
  /** Normal-form words in a row. */
  words: string[];
  /** The last word matches as a prefix. */
  prefix: boolean;
  /** The keyword as a hashtag key (its words joined), for hashtags of several words. */
  tag: string;
}

export interface CompiledKeywordContexts {
  contexts: { id: CustomContextId; keywords: CompiledKeyword[] }[];
}

const HASHTAG = /[#＃]([\p{L}\p{N}_]{1,100})/gu;
/** Words of normal-form text: runs of letters and digits (letters of other scripts included). */
const splitWords = (normal: string) => normal.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

export function compileKeywordContexts(contexts: readonly KeywordContext[]): CompiledKeywordContexts {
  return {
    contexts: contexts.map(({ id, keywords }) => ({
      id,
      keywords: keywords
        .map((label): CompiledKeyword => {
          const prefix = label.endsWith('*');
          const bare = prefix ? label.slice(0, -1) : label;
          const words = splitWords(normalizeText(bare));
          return { label, words, prefix, tag: words.length > 1 ? normalizeTagKey(bare) : '' };
        })
        .filter((keyword) => keyword.words.length > 0),
    })),
  };
}

/** The confidence of a reader's context found by `matches` different keywords (see the module comment). */
export function keywordConfidence(matches: number): number {
  return matches <= 0 ? 0 : 1 - 0.5 ** (matches + 1);
}

/** The reader's context whose keywords occur in the text, or null when none does. */
export function matchKeywordContexts(compiled: CompiledKeywordContexts, text: string): PostLabel | null {
  if (compiled.contexts.length === 0) return null;
  const words = splitWords(normalizeText(text));
  const wordSet = new Set(words);
  let tags: Set<string> | null = null;
  const tagsOf = () => (tags ??= new Set([...text.slice(0, 20_000).matchAll(HASHTAG)].map((m) => normalizeTagKey(m[1]!))));

  let best: { id: CustomContextId; reasons: Reason[] } | null = null;
  for (const context of compiled.contexts) {
    const reasons: Reason[] = [];
    for (const keyword of context.keywords) {
      if (occurs(keyword, words, wordSet) || (keyword.tag !== '' && hashtagMatches(keyword, tagsOf()))) {
        reasons.push({ kind: 'word', label: keyword.label, weight: 1 });
      }
    }
    if (reasons.length > 0 && (!best || reasons.length > best.reasons.length)) best = { id: context.id, reasons };
  }
  if (!best) return null;
  return { category: best.id, confidence: keywordConfidence(best.reasons.length), reasons: best.reasons, abstained: false };
}

function occurs({ words: parts, prefix }: CompiledKeyword, words: readonly string[], wordSet: ReadonlySet<string>): boolean {
  const last = parts.length - 1;
  const fits = (word: string | undefined, index: number) =>
    word !== undefined && (index === last && prefix ? word.startsWith(parts[index]!) : word === parts[index]);
  if (parts.length === 1 && !prefix) return wordSet.has(parts[0]!);
  for (let start = 0; start + last < words.length; start++) {
    if (parts.every((part, index) => fits(words[start + index], index))) return true;
  }
  return false;
}

function hashtagMatches({ tag, prefix }: CompiledKeyword, tags: ReadonlySet<string>): boolean {
  if (!prefix) return tags.has(tag);
  for (const candidate of tags) if (candidate.startsWith(tag)) return true;
  return false;
}
