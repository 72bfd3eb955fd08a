import { storage } from 'wxt/utils/storage';
import { CUSTOM_CONTEXT_ID, type CustomContextId } from '../classifier/types';
import { hashText } from '../hash';
import { isHexColor } from './settings';

/**
 * The reader's own contexts (options page): a name, a colour and a few keywords each. A post whose
 * text contains one of the keywords is labelled with that context at once, whatever the model says
 * (see `utils/classifier/keyword-contexts.ts`). `sync:` like the other display settings, and bounded
 * so the whole list fits one sync item (8 KB). Light on purpose: the content script imports it.
 */
export const MAX_CUSTOM_CONTEXTS = 4;
export const MAX_KEYWORDS = 20;
export const MAX_KEYWORD_LENGTH = 40;
export const MAX_CUSTOM_CONTEXT_NAME_LENGTH = 40;
/** Bytes of the stored list (UTF-8 JSON); Chrome allows 8,192 per sync item, key included. */
export const CUSTOM_CONTEXTS_BYTES = 7_900;
/** Colours offered to a new context, one after another; also what a damaged colour falls back to. */
export const CUSTOM_CONTEXT_COLORS = ['#9141ac', '#c01c28', '#1c71d8', '#986a44'] as const;

export interface CustomContext {
  id: CustomContextId;
  name: string;
  /** `#rrggbb`, lower case. */
  color: string;
  /** As the reader typed them (trimmed); 1 to {@link MAX_KEYWORDS}. A trailing `*` matches words starting with it. */
  keywords: string[];
}

export const customContextsSetting = storage.defineItem<CustomContext[]>('sync:customContexts', {
  fallback: [],
  version: 1,
});

/** A keyword: letters, digits, spaces and the punctuation words carry (`-`, `'`, `.`, `&`, `_`), optionally ending in `*`. */
const KEYWORD = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}\s\-'’._&]*\*?$/u;

/** One keyword as typed, tidied (spaces collapsed, a leading `#` dropped), or null when it is no keyword. */
export function parseKeyword(input: string): string | null {
  // `#Plenum` as typed means the word, which matches the hashtag too.
  const keyword = input.normalize('NFC').trim().replace(/^[#＃]+/, '').replace(/\s+/g, ' ');
  if (!keyword || keyword.length > MAX_KEYWORD_LENGTH || !KEYWORD.test(keyword)) return null;
  // A prefix needs three letters: `a*` would match half of every post.
  if (keyword.endsWith('*') && [...keyword.slice(0, -1).replace(/[^\p{L}\p{N}]/gu, '')].length < 3) return null;
  return keyword;
}

export type KeywordsInput =
  | { ok: true; keywords: string[] }
  | { ok: false; problem: 'empty' | 'tooMany' | 'tooLong' | 'invalid'; keyword?: string };

/** The comma-separated keywords field of the options page: each keyword checked, repeats dropped (case-insensitive). */
export function parseKeywordsInput(input: string): KeywordsInput {
  const parts = input.split(/[,，;]/).map((part) => part.trim()).filter(Boolean);
  if (parts.length === 0) return { ok: false, problem: 'empty' };
  const keywords: string[] = [];
  for (const part of parts) {
    if (part.length > MAX_KEYWORD_LENGTH) return { ok: false, problem: 'tooLong', keyword: part };
    const keyword = parseKeyword(part);
    if (!keyword) return { ok: false, problem: 'invalid', keyword: part };
    if (!keywords.some((other) => other.toLowerCase() === keyword.toLowerCase())) keywords.push(keyword);
  }
  if (keywords.length > MAX_KEYWORDS) return { ok: false, problem: 'tooMany' };
  return { ok: true, keywords };
}

/** A context's name as typed, or null when it is empty or too long. */
export function parseContextName(input: string): string | null {
  const name = input.trim().replace(/\s+/g, ' ');
  return name && name.length <= MAX_CUSTOM_CONTEXT_NAME_LENGTH ? name : null;
}

/** Bytes the list takes in sync storage (UTF-8 JSON). */
export function storedBytes(contexts: readonly CustomContext[]): number {
  return new TextEncoder().encode(JSON.stringify(contexts)).length;
}

/**
 * Keeps well-formed contexts only, so a damaged stored value never breaks a page: a context needs a
 * well-formed id (not repeated), a name and at least one keyword; a damaged colour falls back to the
 * palette; at most {@link MAX_CUSTOM_CONTEXTS}; when the whole exceeds one sync item, the last keywords go first.
 */
export function sanitizeCustomContexts(value: unknown): CustomContext[] {
  if (!Array.isArray(value)) return [];
  const result: CustomContext[] = [];
  for (const entry of value.slice(0, 50)) {
    if (result.length >= MAX_CUSTOM_CONTEXTS) break;
    if (typeof entry !== 'object' || entry === null) continue;
    const { id, name, color, keywords } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || !CUSTOM_CONTEXT_ID.test(id) || result.some((other) => other.id === id)) continue;
    const cleanName = typeof name === 'string' ? parseContextName(name) : null;
    if (!cleanName || !Array.isArray(keywords)) continue;
    const clean: string[] = [];
    for (const keyword of keywords.slice(0, 200)) {
      const parsed = typeof keyword === 'string' ? parseKeyword(keyword) : null;
      if (parsed && !clean.some((other) => other.toLowerCase() === parsed.toLowerCase())) clean.push(parsed);
      if (clean.length >= MAX_KEYWORDS) break;
    }
    if (clean.length === 0) continue;
    result.push({
      id: id as CustomContextId,
      name: cleanName,
      color: isHexColor(color) ? color.toLowerCase() : CUSTOM_CONTEXT_COLORS[result.length]!,
      keywords: clean,
    });
  }
  while (result.length > 0 && storedBytes(result) > CUSTOM_CONTEXTS_BYTES) {
    const trimmable = result.findLast((context) => context.keywords.length > 1);
    if (trimmable) trimmable.keywords.pop();
    else result.pop();
  }
  return result;
}

/** A fresh id: random, so two browsers adding contexts at once (sync) or a merged backup never give two contexts one id, and a removed context's id (and its corrections) never comes back. */
export function newCustomContextId(existing: readonly { id: string }[], random: () => number = Math.random): CustomContextId {
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (;;) {
    let id = 'ctx-';
    const bytes = new Uint8Array(8);
    if (random === Math.random && globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(bytes);
    else bytes.forEach((_, i) => (bytes[i] = Math.floor(random() * 256)));
    for (const byte of bytes) id += letters[byte % letters.length];
    if (!existing.some((context) => context.id === id)) return id as CustomContextId;
  }
}

/** What decides labels (ids and keywords in order; not names or colours), as a short fingerprint for cache keys. */
export function contextsRevision(contexts: readonly CustomContext[]): string {
  return contexts.length === 0 ? '' : hashText(JSON.stringify(contexts.map(({ id, keywords }) => [id, keywords])));
}
