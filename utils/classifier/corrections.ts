/**
 * What a user's corrections teach the model. Each corrected post lends weight toward the context
 * the user chose to every word, hashtag, domain and mention it contains; weights add up over
 * corrections, so a word that several corrected posts share moves later posts that contain it.
 * One correction nudges, three similar corrections decide.
 */
import { normalizeTagKey } from './normalize';
import { tokenizePost, type PostTokens } from './tokenize';
import type { CategoryId, CategoryWeights, WeightTable } from './types';

export interface CorrectionExample {
  text: string;
  category: CategoryId;
  /** The watched hashtags the post was read under: every post of that timeline carries them, so they teach nothing. */
  watchedTags?: readonly string[];
}

/**
 * Total weight one correction spreads over its features. A post sharing most of its features with a
 * corrected one gains about this much (a strong lexicon hit weighs about 2): three such corrections
 * outweigh a confident reading of the model, one does not.
 */
const WEIGHT_PER_CORRECTION = 3;
/** Hashtags, domains and mentions are few and telling: they count this much more than a word. */
const STRONG_FEATURE = 2;

export function correctionWeights(corrections: readonly CorrectionExample[]): WeightTable {
  const table: Required<Omit<WeightTable, 'bias' | 'phrases' | 'priorScale' | 'temperature'>> = { words: {}, tags: {}, domains: {}, mentions: {} };
  for (const { text, category, watchedTags = [] } of corrections) {
    const watched = new Set(watchedTags.map(normalizeTagKey));
    const tokens = withoutWatched(tokenizePost(text), watched);
    const units = tokens.words.length + STRONG_FEATURE * (tokens.tags.length + tokens.domains.length + tokens.mentions.length);
    if (units === 0) continue;
    const unit = WEIGHT_PER_CORRECTION / units;
    add(table.words, tokens.words, category, unit);
    add(table.tags, tokens.tags, category, unit * STRONG_FEATURE);
    add(table.domains, tokens.domains, category, unit * STRONG_FEATURE);
    add(table.mentions, tokens.mentions, category, unit * STRONG_FEATURE);
  }
  return table;
}

function withoutWatched(tokens: PostTokens, watched: ReadonlySet<string>): PostTokens {
  if (watched.size === 0) return tokens;
  return { ...tokens, tags: tokens.tags.filter((t) => !watched.has(t)), words: tokens.words.filter((w) => !watched.has(w)) };
}

function add(section: Record<string, CategoryWeights>, keys: readonly string[], category: CategoryId, weight: number) {
  for (const key of keys) {
    const weights = (section[key] ??= {});
    weights[category] = (weights[category] ?? 0) + weight;
  }
}
