import type { CategoryId, Classification } from './classifier/types';
import { CATEGORY_IDS } from './classifier/types';

/**
 * The protocol between content script and background. Types are compile-time only:
 * everything received is parsed by `parseRequest` and anything else is dropped.
 */
export const LIMITS = {
  postsPerBatch: 50,
  textLength: 20_000,
  keyLength: 200,
  tagsPerPost: 60,
  tagLength: 100,
} as const;

export interface PostToClassify {
  /** Cache key: post id (if any) plus a hash of the text. */
  key: string;
  text: string;
  /** Watched hashtags found on the post (normalised). */
  watchedTags: string[];
}

export type Request =
  | { type: 'hc:get-watched-tags' }
  | { type: 'hc:classify'; posts: PostToClassify[] }
  | { type: 'hc:correct'; post: PostToClassify; category: CategoryId };

export interface WatchedTagsResponse {
  tags: string[];
}

export interface ClassifiedPost extends Classification {
  key: string;
}

export interface ClassifyResponse {
  results: ClassifiedPost[];
}

export interface CorrectResponse {
  ok: boolean;
}

const isString = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length <= max;

function parsePost(value: unknown): PostToClassify | null {
  if (typeof value !== 'object' || value === null) return null;
  const { key, text, watchedTags } = value as Record<string, unknown>;
  if (!isString(key, LIMITS.keyLength) || key.length === 0) return null;
  if (!isString(text, LIMITS.textLength)) return null;
  if (!Array.isArray(watchedTags) || watchedTags.length > LIMITS.tagsPerPost) return null;
  if (!watchedTags.every((tag) => isString(tag, LIMITS.tagLength))) return null;
  return { key, text, watchedTags: watchedTags as string[] };
}

/** The request in `message`, or null when it is not one of ours or breaks a limit. */
export function parseRequest(message: unknown): Request | null {
  if (typeof message !== 'object' || message === null) return null;
  const { type, posts, post, category } = message as Record<string, unknown>;
  if (type === 'hc:get-watched-tags') return { type };
  if (type === 'hc:correct') {
    const parsed = parsePost(post);
    return parsed && isCategoryId(category) ? { type, post: parsed, category } : null;
  }
  if (type !== 'hc:classify') return null;
  if (!Array.isArray(posts) || posts.length === 0 || posts.length > LIMITS.postsPerBatch) return null;
  const parsed = posts.map(parsePost);
  if (parsed.some((post) => post === null)) return null;
  return { type, posts: parsed as PostToClassify[] };
}

export function isCategoryId(value: unknown): value is CategoryId {
  return typeof value === 'string' && (CATEGORY_IDS as readonly string[]).includes(value);
}
