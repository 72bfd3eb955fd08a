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
  isHexColor,
  MAX_CONTEXT_NAME_LENGTH,
  MAX_TAGS_WITH_OWN_VISIBILITY,
  VISIBILITIES,
  type ContextDisplay,
  type ContextDisplayByCategory,
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
/**
 * What an import accepts. Generous on purpose: a file this extension exported must always import again,
 * and corrections are never pruned (10 a day for ten years is 36,500; at a typical 600 bytes each,
 * 50,000 of them make a file of about 30 MB). Hostile files are bounded all the same.
 */
export const BACKUP_LIMITS = {
  /** Bytes of the file (UTF-8). */
  fileBytes: 32 * 1024 * 1024,
  corrections: 50_000,
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
  /** Names and colours the reader gave the built-in contexts; absent in older files (then the stored ones stay). */
  contextDisplay?: ContextDisplayByCategory;
}

export interface BackupData {
  settings: BackupSettings;
  /** Hashtags the user watches, without `#`. */
  watchedTags: string[];
  corrections: Correction[];
}

/**
 * What is wrong with a file: the name of a message in `_locales` (so it reads in the browser's
 * language) and its values. Places in the file are JSON paths such as `corrections[2].category`;
 * values from the file are shown as short JSON, the same in every language.
 */
export interface BackupProblem {
  message: BackupMessage;
  values: (string | number)[];
}

/** Every message a problem can name; each is in `_locales` in both languages (a unit test checks). */
export const BACKUP_MESSAGES = [
  'backupNotText',
  'backupTooLarge',
  'backupEmpty',
  'backupTruncated',
  'backupNotJson',
  'backupUnreadable',
  'backupNotObjectFile',
  'backupWrongFormat',
  'backupMissingField',
  'backupNotWholeNumber',
  'backupNewerVersion',
  'backupUnknownVersion',
  'backupNotDateString',
  'backupNotTime',
  'backupNotList',
  'backupNotObject',
  'backupNotString',
  'backupUnknownFields',
  'backupUnknownTopFields',
  'backupTooMany',
  'backupTooLong',
  'backupTooManyBytes',
  'backupEmptyValue',
  'backupRepeatedId',
  'backupSamePost',
  'backupBadContextId',
  'backupBadColour',
  'backupKeywordCount',
  'backupBadKeyword',
  'backupBadTagKey',
  'backupBadChoice',
  'backupBadCategory',
  'backupBadTagName',
  'backupTooDeep',
  'backupForbiddenKey',
  'importBadWatchedTag',
  'importTooManyContexts',
  'importTooManyTags',
  'importTooManyTagsMerged',
  'importCorrectionsNotStored',
  'importSettingsNotStored',
] as const;
export type BackupMessage = (typeof BACKUP_MESSAGES)[number];

/** Said before a file is even read (the options page checks its size first) and after. */
export const FILE_TOO_LARGE: BackupProblem = { message: 'backupTooLarge', values: [`${BACKUP_LIMITS.fileBytes / (1024 * 1024)} MB`] };

export type ParsedBackup = { ok: true; data: BackupData } | { ok: false; problem: BackupProblem };

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
        ...(data.settings.contextDisplay && { contextDisplay: structuredClone(data.settings.contextDisplay) }),
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

class BackupError extends Error {
  constructor(readonly problem: BackupProblem) {
    super(problem.message);
  }
}
const fail = (message: BackupMessage, ...values: (string | number)[]): never => {
  throw new BackupError({ message, values });
};

/** Reads a backup file's text; never throws. */
export function parseBackup(text: unknown): ParsedBackup {
  try {
    return { ok: true, data: parseOrThrow(text) };
  } catch (error) {
    if (error instanceof BackupError) return { ok: false, problem: error.problem };
    return { ok: false, problem: { message: 'backupUnreadable', values: [describeError(error)] } };
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseOrThrow(text: unknown): BackupData {
  if (typeof text !== 'string') fail('backupNotText');
  const source = text as string;
  // Cheap check first (a UTF-8 byte is at most one UTF-16 unit), exact one second.
  if (source.length > BACKUP_LIMITS.fileBytes || new TextEncoder().encode(source).length > BACKUP_LIMITS.fileBytes) {
    throw new BackupError(FILE_TOO_LARGE);
  }
  if (source.trim() === '') fail('backupEmpty');

  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    if (looksTruncated(source)) fail('backupTruncated');
    fail('backupNotJson', describeError(error));
  }
  checkKeys(value);

  if (!isPlainObject(value)) fail('backupNotObjectFile', describe(value));
  const file = value as Record<string, unknown>;
  if (file.format !== BACKUP_FORMAT) fail('backupWrongFormat', BACKUP_FORMAT);
  if (!('version' in file)) fail('backupMissingField', 'version');
  if (typeof file.version !== 'number' || !Number.isInteger(file.version)) fail('backupNotWholeNumber', 'version', describe(file.version));
  if ((file.version as number) > BACKUP_VERSION) fail('backupNewerVersion', file.version as number, BACKUP_VERSION);
  if ((file.version as number) < 1) fail('backupUnknownVersion', file.version as number);
  unknownKeys(file, TOP_LEVEL_KEYS, '');
  if ('exportedAt' in file && typeof file.exportedAt !== 'string') fail('backupNotDateString', 'exportedAt', describe(file.exportedAt));

  return {
    settings: parseSettings(file.settings),
    watchedTags: parseWatchedTags(file.watchedTags),
    corrections: parseCorrections(file.corrections),
  };
}

function parseSettings(value: unknown): BackupSettings {
  if (value === undefined) fail('backupMissingField', 'settings');
  const settings = object(value, 'settings');
  unknownKeys(settings, ['visibility', 'tagVisibility', 'customContexts', 'contextDisplay'], 'settings');
  const parsed: BackupSettings = { visibility: { ...DEFAULT_VISIBILITY } };
  if (settings.customContexts !== undefined) parsed.customContexts = parseCustomContexts(settings.customContexts);
  // Choices may name the file's own contexts besides the built-in ones.
  const contexts: string[] = [...CATEGORY_IDS, ...(parsed.customContexts ?? []).map(({ id }) => id)];
  if (settings.visibility !== undefined) Object.assign(parsed.visibility, parseChoices(settings.visibility, 'settings.visibility', contexts));
  if (settings.tagVisibility !== undefined) parsed.tagVisibility = parseTagVisibility(settings.tagVisibility, contexts);
  if (settings.contextDisplay !== undefined) parsed.contextDisplay = parseContextDisplay(settings.contextDisplay);
  return parsed;
}

/** Names and colours of the built-in contexts (the reader's own contexts carry theirs in `customContexts`). */
function parseContextDisplay(value: unknown): ContextDisplayByCategory {
  const where = 'settings.contextDisplay';
  const given = object(value, where);
  unknownKeys(given, CATEGORY_IDS, where);
  const result: ContextDisplayByCategory = {};
  for (const category of CATEGORY_IDS) {
    if (given[category] === undefined) continue;
    const at = `${where}.${category}`;
    const entry = object(given[category], at);
    unknownKeys(entry, ['name', 'color'], at);
    const display: ContextDisplay = {};
    if (entry.name !== undefined) {
      const name = boundedString(entry.name, `${at}.name`, MAX_CONTEXT_NAME_LENGTH).trim();
      if (name === '') fail('backupEmptyValue', `${at}.name`);
      display.name = name;
    }
    if (entry.color !== undefined) {
      if (!isHexColor(entry.color)) fail('backupBadColour', `${at}.color`, describe(entry.color));
      display.color = (entry.color as string).toLowerCase();
    }
    if (display.name !== undefined || display.color !== undefined) result[category] = display;
  }
  return result;
}

const CUSTOM_CONTEXT_KEYS = ['id', 'name', 'color', 'keywords'];

function parseCustomContexts(value: unknown): CustomContext[] {
  const where = 'settings.customContexts';
  const items = list(value, where, MAX_CUSTOM_CONTEXTS);
  const contexts = items.map((item, index): CustomContext => {
    const at = `${where}[${index}]`;
    const entry = object(item, at);
    unknownKeys(entry, CUSTOM_CONTEXT_KEYS, at);
    const { id, name, color, keywords } = entry;
    if (typeof id !== 'string' || !CUSTOM_CONTEXT_ID.test(id)) fail('backupBadContextId', `${at}.id`, describe(id));
    if (items.slice(0, index).some((other) => (other as { id?: unknown }).id === id)) fail('backupRepeatedId', `${at}.id`, describe(id));
    const text = boundedString(name, `${at}.name`, MAX_CUSTOM_CONTEXT_NAME_LENGTH);
    if (text.trim() === '') fail('backupEmptyValue', `${at}.name`);
    if (!isHexColor(color)) fail('backupBadColour', `${at}.color`, describe(color));
    if (!Array.isArray(keywords)) fail('backupNotList', `${at}.keywords`, describe(keywords));
    const words = keywords as unknown[];
    if (words.length === 0 || words.length > MAX_KEYWORDS) fail('backupKeywordCount', `${at}.keywords`, words.length, MAX_KEYWORDS);
    return {
      id: id as CustomContextId,
      name: text.trim(),
      color: (color as string).toLowerCase(),
      keywords: words.map((word, i) => {
        const keyword = boundedString(word, `${at}.keywords[${i}]`, MAX_KEYWORD_LENGTH);
        const parsed = parseKeyword(keyword);
        if (!parsed) fail('backupBadKeyword', `${at}.keywords[${i}]`, describe(keyword));
        return parsed!;
      }),
    };
  });
  const bytes = storedBytes(contexts);
  if (bytes > CUSTOM_CONTEXTS_BYTES) fail('backupTooManyBytes', where, bytes, CUSTOM_CONTEXTS_BYTES);
  return contexts;
}

function parseTagVisibility(value: unknown, contexts: readonly string[]): VisibilityByTag {
  const where = 'settings.tagVisibility';
  const given = object(value, where);
  const tags = Object.keys(given);
  if (tags.length > MAX_TAGS_WITH_OWN_VISIBILITY) fail('backupTooMany', where, tags.length, MAX_TAGS_WITH_OWN_VISIBILITY);
  const result: VisibilityByTag = {};
  for (const tag of tags) {
    if (tag.length > BACKUP_LIMITS.tagLength || !TAG_NAME.test(tag) || tag !== tag.toLowerCase()) {
      fail('backupBadTagKey', where, describe(tag));
    }
    result[tag] = parseChoices(given[tag], `${where}.${tag}`, contexts);
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
      fail('backupBadChoice', `${where}.${category}`, VISIBILITIES.join(', '), describe(choice));
    }
    choices[category] = choice as Visibility;
  }
  return choices;
}

function parseWatchedTags(value: unknown): string[] {
  if (value === undefined) fail('backupMissingField', 'watchedTags');
  const tags = list(value, 'watchedTags', BACKUP_LIMITS.watchedTags);
  return tags.map((tag, index) => tagName(tag, `watchedTags[${index}]`));
}

function parseCorrections(value: unknown): Correction[] {
  if (value === undefined) fail('backupMissingField', 'corrections');
  const entries = list(value, 'corrections', BACKUP_LIMITS.corrections);
  const seen = new Map<string, string>();
  return entries.map((item, index) => {
    const where = `corrections[${index}]`;
    const entry = object(item, where);
    unknownKeys(entry, CORRECTION_KEYS, where);
    const { postKey, text, watchedTags, category, createdAt } = entry;
    const key = boundedString(postKey, `${where}.postKey`, BACKUP_LIMITS.postKeyLength);
    if (key.length === 0) fail('backupEmptyValue', `${where}.postKey`);
    const earlier = seen.get(key);
    if (earlier !== undefined) fail('backupSamePost', where, earlier);
    seen.set(key, where);
    const body = boundedString(text, `${where}.text`, BACKUP_LIMITS.textLength);
    const tags = list(watchedTags, `${where}.watchedTags`, BACKUP_LIMITS.tagsPerCorrection);
    if (!isContextId(category)) fail('backupBadCategory', `${where}.category`, CATEGORY_IDS.join(', '), describe(category));
    if (typeof createdAt !== 'number' || !Number.isSafeInteger(createdAt) || createdAt < 0) {
      fail('backupNotTime', `${where}.createdAt`, describe(createdAt));
    }
    return {
      postKey: key,
      text: body,
      watchedTags: tags.map((tag, i) => tagName(tag, `${where}.watchedTags[${i}]`)),
      category: category as ContextId,
      createdAt: createdAt as number,
    };
  });
}

function list(value: unknown, where: string, max: number): unknown[] {
  if (!Array.isArray(value)) fail('backupNotList', where, describe(value));
  const items = value as unknown[];
  if (items.length > max) fail('backupTooMany', where, items.length, max);
  return items;
}

function tagName(value: unknown, where: string): string {
  const name = boundedString(value, where, BACKUP_LIMITS.tagLength);
  if (!TAG_NAME.test(name)) fail('backupBadTagName', where, describe(name));
  return name;
}

function boundedString(value: unknown, where: string, max: number): string {
  if (typeof value !== 'string') fail('backupNotString', where, describe(value));
  const text = value as string;
  if (text.length > max) fail('backupTooLong', where, text.length, max);
  return text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (!isPlainObject(value)) fail('backupNotObject', where, describe(value));
  return value as Record<string, unknown>;
}

/** `where` is empty for the file's top level. */
function unknownKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const extra = Object.keys(value).filter((key) => !allowed.includes(key));
  if (extra.length === 0) return;
  const names = extra.slice(0, 5).map((key) => describe(key)).join(', ');
  if (where) fail('backupUnknownFields', where, names);
  fail('backupUnknownTopFields', names);
}

/** Rejects `__proto__`, `constructor` and `prototype` keys anywhere, and nesting deeper than a backup needs. */
function checkKeys(root: unknown): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= BACKUP_LIMITS.depth) fail('backupTooDeep', path || '(top)');
    for (const key of Object.keys(value)) {
      const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) fail('backupForbiddenKey', key, at);
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

/** A value from the file as short JSON, the same in every language: `"abc"`, `42`, `null`, `[…]`, `{…}`. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return '[…]';
  if (typeof value === 'object' && value !== null) return '{…}';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === undefined) return '(none)';
  return String(value);
}

