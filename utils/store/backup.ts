import { CATEGORY_IDS, CUSTOM_CONTEXT_ID, isContextId, type ContextId, type CustomContextId } from '../classifier/types';
import { LIMITS } from '../messages';
import {
  CUSTOM_CONTEXTS_BYTES,
  MAX_CUSTOM_CONTEXT_NAME_LENGTH,
  MAX_CUSTOM_CONTEXTS,
  MAX_KEYWORD_LENGTH,
  MAX_KEYWORDS,
  parseKeyword,
  storedBytes,
  type CustomContext,
} from './custom-contexts';
import type { Correction } from './db';
import {
  DEFAULT_VISIBILITY,
  MAX_TAGS_WITH_OWN_VISIBILITY,
  VISIBILITIES,
  type Visibility,
  type VisibilityByCategory,
  type VisibilityByTag,
  type VisibilityOverrides,
} from './settings';

/**
 * Export and import of what the user made: settings, watched hashtags and corrections (never the
 * result cache, which is rebuilt). Pure: no storage, no DOM. `parseBackup` checks everything and
 * returns either the whole data or one message saying what is wrong, so an importer can store all
 * of it or nothing.
 */
export const BACKUP_FORMAT = 'hashtag-context-backup';
export const BACKUP_VERSION = 1;
export const BACKUP_LIMITS = {
  /** Bytes of the file (UTF-8). */
  fileBytes: 5 * 1024 * 1024,
  corrections: 5_000,
  watchedTags: 200,
  tagLength: LIMITS.tagLength,
  postKeyLength: LIMITS.keyLength,
  textLength: LIMITS.textLength,
  tagsPerCorrection: LIMITS.tagsPerPost,
  /** Objects and arrays inside one another; a backup needs 4. */
  depth: 8,
} as const;

export interface BackupSettings {
  visibility: VisibilityByCategory;
  /** Per hashtag choices; absent in files from before they existed (then the stored ones stay). */
  tagVisibility?: VisibilityByTag;
  /** The reader's own contexts; absent in files from before they existed (then the stored ones stay). */
  customContexts?: CustomContext[];
}

export interface BackupData {
  settings: BackupSettings;
  /** Hashtags the user watches, without `#`. */
  watchedTags: string[];
  corrections: Correction[];
}

export type ParsedBackup = { ok: true; data: BackupData } | { ok: false; error: string };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const TAG_NAME = /^[\p{L}\p{M}\p{N}_]+$/u;
const TOP_LEVEL_KEYS = ['format', 'version', 'exportedAt', 'settings', 'watchedTags', 'corrections'];
const CORRECTION_KEYS = ['postKey', 'text', 'watchedTags', 'category', 'createdAt'];

/** The backup as a JSON document, one field per line group, readable by people. */
export function exportBackup(data: BackupData, exportedAt: Date = new Date()): string {
  return JSON.stringify(
    {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: exportedAt.toISOString(),
      settings: {
        visibility: { ...data.settings.visibility },
        ...(data.settings.tagVisibility && { tagVisibility: structuredClone(data.settings.tagVisibility) }),
        ...(data.settings.customContexts && { customContexts: structuredClone(data.settings.customContexts) }),
      },
      watchedTags: [...data.watchedTags],
      corrections: data.corrections.map(({ postKey, text, watchedTags, category, createdAt }) => ({
        postKey,
        text,
        watchedTags: [...watchedTags],
        category,
        createdAt,
      })),
    },
    null,
    2,
  );
}

class BackupError extends Error {}
const fail = (message: string): never => {
  throw new BackupError(message);
};

/** Reads a backup file's text; never throws. */
export function parseBackup(text: unknown): ParsedBackup {
  try {
    return { ok: true, data: parseOrThrow(text) };
  } catch (error) {
    if (error instanceof BackupError) return { ok: false, error: error.message };
    return { ok: false, error: `The file could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function parseOrThrow(text: unknown): BackupData {
  if (typeof text !== 'string') fail('The file is not text.');
  const source = text as string;
  // Cheap check first (a UTF-8 byte is at most one UTF-16 unit), exact one second.
  if (source.length > BACKUP_LIMITS.fileBytes || new TextEncoder().encode(source).length > BACKUP_LIMITS.fileBytes) {
    fail(`The file is larger than ${formatMb(BACKUP_LIMITS.fileBytes)}; a backup of this extension is never that large.`);
  }
  if (source.trim() === '') fail('The file is empty.');

  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    if (looksTruncated(source)) fail('The file is truncated: it ends before the JSON is complete.');
    fail(`The file is not valid JSON (${error instanceof Error ? error.message : 'parse error'}).`);
  }
  checkKeys(value);

  const file = object(value, 'The file');
  if (file.format !== BACKUP_FORMAT) fail(`This is not a Hashtag Context backup ("format" should be "${BACKUP_FORMAT}").`);
  if (!('version' in file)) fail('The backup has no "version" field.');
  if (typeof file.version !== 'number' || !Number.isInteger(file.version)) fail('"version" must be a whole number.');
  if ((file.version as number) > BACKUP_VERSION) {
    fail(`The backup was written by a newer version of Hashtag Context (format ${file.version}); this version reads format ${BACKUP_VERSION}.`);
  }
  if ((file.version as number) < 1) fail(`Unknown backup format version ${file.version}.`);
  unknownKeys(file, TOP_LEVEL_KEYS, 'The backup');
  if ('exportedAt' in file && typeof file.exportedAt !== 'string') fail('"exportedAt" must be a date string.');

  return {
    settings: parseSettings(file.settings),
    watchedTags: parseWatchedTags(file.watchedTags),
    corrections: parseCorrections(file.corrections),
  };
}

function parseSettings(value: unknown): BackupSettings {
  if (value === undefined) fail('The backup has no "settings".');
  const settings = object(value, '"settings"');
  unknownKeys(settings, ['visibility', 'tagVisibility', 'customContexts'], '"settings"');
  const parsed: BackupSettings = { visibility: { ...DEFAULT_VISIBILITY } };
  if (settings.customContexts !== undefined) parsed.customContexts = parseCustomContexts(settings.customContexts);
  // Choices may name the file's own contexts besides the built-in ones.
  const contexts: string[] = [...CATEGORY_IDS, ...(parsed.customContexts ?? []).map(({ id }) => id)];
  if (settings.visibility !== undefined) Object.assign(parsed.visibility, parseChoices(settings.visibility, '"settings.visibility"', contexts));
  if (settings.tagVisibility !== undefined) parsed.tagVisibility = parseTagVisibility(settings.tagVisibility, contexts);
  return parsed;
}

const CUSTOM_CONTEXT_KEYS = ['id', 'name', 'color', 'keywords'];

function parseCustomContexts(value: unknown): CustomContext[] {
  const where = '"settings.customContexts"';
  if (!Array.isArray(value)) fail(`${where} must be a list, not ${describe(value)}.`);
  const list = value as unknown[];
  if (list.length > MAX_CUSTOM_CONTEXTS) fail(`${where} has ${list.length} contexts, more than the ${MAX_CUSTOM_CONTEXTS} allowed.`);
  const contexts = list.map((item, index): CustomContext => {
    const at = `"settings.customContexts[${index}]`;
    const entry = object(item, `${at}"`);
    unknownKeys(entry, CUSTOM_CONTEXT_KEYS, `${at}"`);
    const { id, name, color, keywords } = entry;
    if (typeof id !== 'string' || !CUSTOM_CONTEXT_ID.test(id)) fail(`${at}.id" must be "ctx-" and 8 lower-case letters or digits, not ${describe(id)}.`);
    if (list.slice(0, index).some((other) => (other as { id?: unknown }).id === id)) fail(`${at}.id" repeats the id ${describe(id)}.`);
    const text = boundedString(name, `${at}.name"`, MAX_CUSTOM_CONTEXT_NAME_LENGTH);
    if (text.trim() === '') fail(`${at}.name" is empty.`);
    if (typeof color !== 'string' || !/^#[0-9a-f]{6}$/i.test(color)) fail(`${at}.color" must be a colour like "#9141ac", not ${describe(color)}.`);
    if (!Array.isArray(keywords)) fail(`${at}.keywords" must be a list, not ${describe(keywords)}.`);
    const words = keywords as unknown[];
    if (words.length === 0 || words.length > MAX_KEYWORDS) fail(`${at}.keywords" has ${words.length} keywords; 1 to ${MAX_KEYWORDS} are allowed.`);
    return {
      id: id as CustomContextId,
      name: text.trim(),
      color: (color as string).toLowerCase(),
      keywords: words.map((word, i) => {
        const keyword = boundedString(word, `${at}.keywords[${i}]"`, MAX_KEYWORD_LENGTH);
        const parsed = parseKeyword(keyword);
        if (!parsed) fail(`${at}.keywords[${i}]" (${describe(keyword)}) is no keyword: a word or short phrase, optionally ending in * (after at least 3 letters).`);
        return parsed!;
      }),
    };
  });
  if (storedBytes(contexts) > CUSTOM_CONTEXTS_BYTES) fail(`${where} takes ${storedBytes(contexts)} bytes, more than the ${CUSTOM_CONTEXTS_BYTES} one synced setting holds.`);
  return contexts;
}

function parseTagVisibility(value: unknown, contexts: readonly string[]): VisibilityByTag {
  const given = object(value, '"settings.tagVisibility"');
  const tags = Object.keys(given);
  if (tags.length > MAX_TAGS_WITH_OWN_VISIBILITY) {
    fail(`"settings.tagVisibility" has choices for ${tags.length} hashtags; at most ${MAX_TAGS_WITH_OWN_VISIBILITY} are allowed.`);
  }
  const result: VisibilityByTag = {};
  for (const tag of tags) {
    if (tag.length > BACKUP_LIMITS.tagLength || !TAG_NAME.test(tag) || tag !== tag.toLowerCase()) {
      fail(`"settings.tagVisibility" has a key that is no hashtag in lower case: ${describe(tag)}.`);
    }
    result[tag] = parseChoices(given[tag], `"settings.tagVisibility.${tag}"`, contexts);
  }
  return result;
}

/** Show, dim or hide per context; contexts left out are absent from the result. */
function parseChoices(value: unknown, where: string, contexts: readonly string[]): VisibilityOverrides {
  const given = object(value, where);
  unknownKeys(given, contexts, where);
  const choices: VisibilityOverrides = {};
  for (const category of contexts as readonly ContextId[]) {
    const choice = given[category];
    if (choice === undefined) continue;
    if (!(VISIBILITIES as readonly unknown[]).includes(choice)) {
      fail(`${where.slice(0, -1)}.${category}" must be one of ${VISIBILITIES.join(', ')}, not ${describe(choice)}.`);
    }
    choices[category] = choice as Visibility;
  }
  return choices;
}

function parseWatchedTags(value: unknown): string[] {
  if (value === undefined) fail('The backup has no "watchedTags".');
  if (!Array.isArray(value)) fail(`"watchedTags" must be a list, not ${describe(value)}.`);
  const tags = value as unknown[];
  if (tags.length > BACKUP_LIMITS.watchedTags) fail(`"watchedTags" has ${tags.length} hashtags, more than the ${BACKUP_LIMITS.watchedTags} allowed.`);
  return tags.map((tag, index) => tagName(tag, `watched hashtag ${index + 1}`));
}

function parseCorrections(value: unknown): Correction[] {
  if (value === undefined) fail('The backup has no "corrections".');
  if (!Array.isArray(value)) fail(`"corrections" must be a list, not ${describe(value)}.`);
  const list = value as unknown[];
  if (list.length > BACKUP_LIMITS.corrections) {
    fail(`The backup has ${list.length} corrections, more than the ${BACKUP_LIMITS.corrections} allowed.`);
  }
  const seen = new Map<string, number>();
  return list.map((item, index) => {
    const where = `correction ${index + 1}`;
    const entry = object(item, where);
    unknownKeys(entry, CORRECTION_KEYS, where);
    const { postKey, text, watchedTags, category, createdAt } = entry;
    const key = boundedString(postKey, `${where}: "postKey"`, BACKUP_LIMITS.postKeyLength);
    if (key.length === 0) fail(`${where}: "postKey" is empty.`);
    const earlier = seen.get(key);
    if (earlier !== undefined) fail(`${where} is for the same post as correction ${earlier} ("postKey" repeats).`);
    seen.set(key, index + 1);
    const body = boundedString(text, `${where}: "text"`, BACKUP_LIMITS.textLength);
    if (!Array.isArray(watchedTags)) fail(`${where}: "watchedTags" must be a list, not ${describe(watchedTags)}.`);
    const tags = watchedTags as unknown[];
    if (tags.length > BACKUP_LIMITS.tagsPerCorrection) {
      fail(`${where}: "watchedTags" has ${tags.length} hashtags, more than the ${BACKUP_LIMITS.tagsPerCorrection} allowed.`);
    }
    if (!isContextId(category)) {
      fail(`${where}: "category" must be one of ${CATEGORY_IDS.join(', ')} or the id of a context of yours ("ctx-…"), not ${describe(category)}.`);
    }
    if (typeof createdAt !== 'number' || !Number.isSafeInteger(createdAt) || createdAt < 0) {
      fail(`${where}: "createdAt" must be a time in milliseconds, not ${describe(createdAt)}.`);
    }
    return {
      postKey: key,
      text: body,
      watchedTags: tags.map((tag, i) => tagName(tag, `${where}: hashtag ${i + 1}`)),
      category: category as ContextId,
      createdAt: createdAt as number,
    };
  });
}

function tagName(value: unknown, where: string): string {
  const name = boundedString(value, where, BACKUP_LIMITS.tagLength);
  if (!TAG_NAME.test(name)) fail(`${where} (${describe(name)}) is not a hashtag name: only letters, digits and _ are allowed.`);
  return name;
}

function boundedString(value: unknown, where: string, max: number): string {
  if (typeof value !== 'string') fail(`${where} must be text, not ${describe(value)}.`);
  const text = value as string;
  if (text.length > max) fail(`${where} is ${text.length.toLocaleString('en')} characters long, more than the ${max.toLocaleString('en')} allowed.`);
  return text;
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${where} must be an object, not ${describe(value)}.`);
  return value as Record<string, unknown>;
}

function unknownKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const extra = Object.keys(value).filter((key) => !allowed.includes(key));
  if (extra.length > 0) fail(`${where} has unknown field${extra.length > 1 ? 's' : ''} ${extra.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')}.`);
}

/** Rejects `__proto__`, `constructor` and `prototype` keys anywhere, and nesting deeper than a backup needs. */
function checkKeys(root: unknown): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= BACKUP_LIMITS.depth) fail(`The file is nested too deeply (at ${path || 'the top'}).`);
    for (const key of Object.keys(value)) {
      const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) fail(`The file contains the forbidden key "${key}" (at ${at}): it is not a backup of this extension.`);
      stack.push({ value: (value as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
}

/** JSON that ends inside a string or an open object/array: cut off, not merely malformed. */
function looksTruncated(text: string): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const char of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') depth--;
  }
  return inString || depth > 0;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length > 40 ? `text of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const formatMb = (bytes: number) => `${bytes / (1024 * 1024)} MB`;
