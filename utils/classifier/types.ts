/** The contexts a post can be sorted into. `other` also means "unclear" (the classifier abstained). */
export const CATEGORY_IDS = ['legislation', 'network_protocol', 'civic_recruiting', 'other'] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

/** A context the reader added on the options page (`ctx-` and 8 random letters or digits, never reused). */
export type CustomContextId = `ctx-${string}`;
/**
 * Any context a post can be labelled with, shown, dimmed, hidden, charted, coloured or corrected to:
 * one of the four built-in ones (which the model knows) or one of the reader's.
 */
export type ContextId = CategoryId | CustomContextId;

export const CUSTOM_CONTEXT_ID = /^ctx-[a-z0-9]{8}$/;

export function isCategoryId(value: unknown): value is CategoryId {
  return typeof value === 'string' && (CATEGORY_IDS as readonly string[]).includes(value);
}

export function isCustomContextId(value: unknown): value is CustomContextId {
  return typeof value === 'string' && CUSTOM_CONTEXT_ID.test(value);
}

/** A built-in context's id or the well-formed id of a reader's context (whether it still exists or not). */
export function isContextId(value: unknown): value is ContextId {
  return isCategoryId(value) || isCustomContextId(value);
}

export interface PostInput {
  /** Visible text of the post: content warning, body and hashtag bar, hashtags written as `#Name`. */
  text: string;
  /** Watched hashtags the post carries (any case, without `#`); they select the senses to weigh. */
  watchedTags?: readonly string[];
}

export type FeatureKind = 'word' | 'tag' | 'domain' | 'mention';

export interface Reason {
  kind: FeatureKind;
  /** How the feature is shown to the reader, e.g. `Verhandlung`, `#ActivityPub`, `matrix.org`. */
  label: string;
  /** Contribution to the chosen category's score (positive: it argued for the category). */
  weight: number;
}

export interface Classification {
  category: CategoryId;
  /** Probability of `category`, 0..1 (for `other` after abstaining: 1 - the best guess's probability). */
  confidence: number;
  /** The two or three features that decided, strongest first. Empty when nothing decided. */
  reasons: Reason[];
  /** True when the best guess was below the confidence threshold and `other` was answered instead. */
  abstained: boolean;
  /** True when this is the user's own correction of the post, not the model's reading. */
  corrected?: boolean;
}

/**
 * What a post is labelled with: the model's classification, or a reader's context whose keywords
 * occur in the post (its reasons are then the matched keywords), or the reader's correction.
 */
export interface PostLabel extends Omit<Classification, 'category'> {
  category: ContextId;
}

/* ------------------------------------------------------------------------------------------
 * Sense inventory and weight tables (added by the classifier; the types above are the contract).
 * ---------------------------------------------------------------------------------------- */

/** A weight per category; missing categories weigh 0. */
export type CategoryWeights = Partial<Record<CategoryId, number>>;

/** A prior per category (need not sum to 1; it is normalised). Missing categories get a small floor. */
export type CategoryPrior = Partial<Record<CategoryId, number>>;

export interface HashtagSense {
  /** Other spellings of the same hashtag (plural, English/German variant, …). */
  aliases?: string[];
  /** The categories the hashtag can mean, with a prior per category. */
  priors: CategoryPrior;
  note?: string;
}

/**
 * Lexicon of one category. Word entries are normalised (lowercase, umlauts folded: ä→ae, ß→ss):
 * `word` matches the token exactly, `stem*` a token starting with the stem, `*part*` the stem anywhere
 * inside a token (compound parts, never in the first 3 letters' middle), `*head` a token ending with it.
 * Phrases are space-separated exact words. Tags without `#`, domains without scheme, mentions without `@`.
 */
export interface CategoryLexicon {
  words?: Record<string, number>;
  phrases?: Record<string, number>;
  tags?: Record<string, number>;
  domains?: Record<string, number>;
  mentions?: Record<string, number>;
}

export interface SenseInventory {
  version: string;
  description?: string;
  /** Prior used when a post carries no watched hashtag. */
  defaultPrior?: CategoryPrior;
  /** Watched hashtags (canonical spelling, without `#`). */
  hashtags: Record<string, HashtagSense>;
  lexicon: Partial<Record<CategoryId, CategoryLexicon>>;
}

/**
 * Feature-first weights, the mergeable form of the model: a trained model (naive Bayes / logistic
 * regression) or user corrections add tables of this shape to the inventory's lexicon.
 * Keys use the same syntax as {@link CategoryLexicon}.
 */
export interface WeightTable {
  words?: Record<string, CategoryWeights>;
  phrases?: Record<string, CategoryWeights>;
  tags?: Record<string, CategoryWeights>;
  domains?: Record<string, CategoryWeights>;
  mentions?: Record<string, CategoryWeights>;
  /** Added to every post's score (a bias term of a trained model). */
  bias?: CategoryWeights;
  /** Multiplies the log prior of the post's watched hashtags (a trained model's trust in the priors); tables multiply. Default 1. */
  priorScale?: number;
  /**
   * Divides every score before the softmax (a trained model's calibration: above 1 makes its confidences
   * less sure; the best category never changes, only how sure it is and so whether it abstains). Tables
   * multiply. Default 1.
   */
  temperature?: number;
}

export interface ClassifyOptions {
  inventory?: SenseInventory;
  /** Minimum probability of the best category; below it the classifier answers `other` (abstains). */
  threshold?: number;
}
