import type { ContextId, PostLabel } from './classifier/types';
import { isContextId } from './classifier/types';
import { isSiteOrigin } from './sites';
import type { BackupProblem } from './store/backup';

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
  /** UTF-16 code units of a backup file sent for import (the file's limit, BACKUP_LIMITS.fileBytes, in bytes). */
  backupLength: 32 * 1024 * 1024,
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
  /** `category`: a built-in context or one of the reader's (the background refuses one that no longer exists). */
  | { type: 'hc:correct'; post: PostToClassify; category: ContextId }
  // From the options page:
  | { type: 'hc:list-corrections' }
  | { type: 'hc:undo-correction'; postKey: string }
  | { type: 'hc:clear-corrections' }
  | { type: 'hc:clear-cache' }
  | { type: 'hc:export' }
  | { type: 'hc:import'; json: string; mode: ImportMode }
  | { type: 'hc:storage-status' };

/** `merge`: the file's corrections and hashtags are added to the stored ones; `replace`: they take their place. */
export const IMPORT_MODES = ['merge', 'replace'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export interface ExportResponse {
  /** The backup file's text, made by `exportBackup`. */
  json: string;
}

export type ImportResponse =
  /** How many corrections, own hashtags and own contexts the file brought. */
  | { ok: true; corrections: number; tags: number; contexts: number }
  /** Nothing stored was changed; `problem` says what is wrong with the file. */
  | { ok: false; problem: BackupProblem };

export interface StorageStatusResponse {
  /** IndexedDB could not be opened: corrections last only until the browser closes. */
  inMemoryOnly: boolean;
}

/** A correction as the options page lists it (the post's text shortened). */
export interface CorrectionSummary {
  postKey: string;
  text: string;
  watchedTags: string[];
  category: ContextId;
  createdAt: number;
}

export interface CorrectionListResponse {
  corrections: CorrectionSummary[];
}

/** Longest post text the options page is sent per correction. */
export const CORRECTION_TEXT_PREVIEW = 280;

/**
 * Sites the reader enabled beyond the built-in ones (popup and options page). The page asks for the
 * host permission itself (it needs the click); the background then registers the content script.
 */
export type SiteRequest =
  | { type: 'hc:list-sites' }
  | { type: 'hc:enable-site'; origin: string }
  | { type: 'hc:disable-site'; origin: string };

/** Why a site could not be enabled: no host permission granted, built in already, too many sites, the browser refused. */
export const SITE_ERRORS = ['permission', 'builtIn', 'tooMany', 'failed'] as const;
export type SiteError = (typeof SITE_ERRORS)[number];

/** The enabled sites after the request; `error` when it could not be done. */
export type SiteResponse = { ok: true; sites: string[] } | { ok: false; error: SiteError; sites: string[] };

/** The site request in `message`, or null when it is none or its origin is not a bare http(s) origin. */
export function parseSiteRequest(message: unknown): SiteRequest | null {
  if (typeof message !== 'object' || message === null) return null;
  const { type, origin } = message as Record<string, unknown>;
  if (type === 'hc:list-sites') return { type };
  if (type === 'hc:enable-site' || type === 'hc:disable-site') return isSiteOrigin(origin) ? { type, origin } : null;
  return null;
}

export function isSiteRequest(request: Request | SiteRequest): request is SiteRequest {
  return request.type === 'hc:list-sites' || request.type === 'hc:enable-site' || request.type === 'hc:disable-site';
}

/** Requests only the extension's own pages (options, popup) may make: they read or erase the reader's data, or change where it runs. */
const EXTENSION_PAGE_ONLY: ReadonlySet<Request['type'] | SiteRequest['type']> = new Set([
  'hc:list-corrections',
  'hc:undo-correction',
  'hc:clear-corrections',
  'hc:clear-cache',
  'hc:export',
  'hc:import',
  'hc:storage-status',
  'hc:list-sites',
  'hc:enable-site',
  'hc:disable-site',
]);

/**
 * Whether a sender may make this request. Content scripts run in pages the extension does not
 * control: they may classify and correct, never list or erase what is stored.
 */
export function isAllowedFrom(request: Request | SiteRequest, senderUrl: string | undefined, extensionOrigin: string): boolean {
  return !EXTENSION_PAGE_ONLY.has(request.type) || (senderUrl ?? '').startsWith(extensionOrigin);
}

export interface WatchedTagsResponse {
  tags: string[];
}

export interface ClassifiedPost extends PostLabel {
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
  const { type, posts, post, category, postKey, json, mode } = message as Record<string, unknown>;
  if (type === 'hc:get-watched-tags') return { type };
  if (type === 'hc:export' || type === 'hc:storage-status') return { type };
  if (type === 'hc:import') {
    return isString(json, LIMITS.backupLength) && (IMPORT_MODES as readonly unknown[]).includes(mode)
      ? { type, json, mode: mode as ImportMode }
      : null;
  }
  if (type === 'hc:list-corrections' || type === 'hc:clear-corrections' || type === 'hc:clear-cache') return { type };
  if (type === 'hc:undo-correction') {
    return isString(postKey, LIMITS.keyLength) && postKey.length > 0 ? { type, postKey } : null;
  }
  if (type === 'hc:correct') {
    const parsed = parsePost(post);
    return parsed && isContextId(category) ? { type, post: parsed, category } : null;
  }
  if (type !== 'hc:classify') return null;
  if (!Array.isArray(posts) || posts.length > LIMITS.postsPerBatch) return null;
  // A post that breaks a limit goes unanswered; the others in its batch are still classified.
  const parsed = posts.map(parsePost).filter((post): post is PostToClassify => post !== null);
  return parsed.length > 0 ? { type, posts: parsed } : null;
}

/**
 * The long-lived port (`runtime.connect`) a content script sends its `hc:classify` batches on, and its page's
 * count for the toolbar icon: one `postMessage` per batch costs the page about half the main thread of a
 * `runtime.sendMessage`, and a count sent with `runtime.sendMessage` spent 0.5–0.7 ms in Chrome's binding each
 * time (the bench's profile). Each message carries an id; the background answers every one it accepts with
 * the same id.
 */
export const CLASSIFY_PORT = 'hc:classify';

/** What goes on the port: a classify batch, or the page's count for the toolbar icon. */
export type PortRequest = Extract<Request, { type: 'hc:classify' }> | ToolbarCountRequest;

export interface ClassifyPortMessage {
  id: number;
  request: PortRequest;
}

export interface ClassifyPortAnswer {
  id: number;
  /** The background's `ClassifyResponse` to a batch, `{ ok: true }` to a count, or null when it could do neither. */
  response: ClassifyResponse | { ok: true } | null;
}

/** A request received on the port, or null when the message is not one (it is then dropped unanswered). */
export function parseClassifyPortMessage(message: unknown): { id: number; request: PortRequest | null } | null {
  if (typeof message !== 'object' || message === null) return null;
  const { id, request } = message as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return null;
  const parsed = parseRequest(request);
  // With an id but an invalid request: answered empty, so the content script does not wait for it.
  return { id, request: parsed?.type === 'hc:classify' ? parsed : parseToolbarCountRequest(request) };
}

export { isCategoryId, isContextId } from './classifier/types';

/**
 * A content script's count of the posts labelled on its page, for the toolbar icon of its tab; `shown`:
 * whether the reader wants the number on the icon (the icon's title says it either way).
 */
export interface ToolbarCountRequest {
  type: 'hc:toolbar-count';
  count: number;
  shown: boolean;
}

/** Far above any page: the content script remembers at most 5,000 labelled posts. */
const MAX_TOOLBAR_COUNT = 1_000_000;

export function parseToolbarCountRequest(message: unknown): ToolbarCountRequest | null {
  if (typeof message !== 'object' || message === null) return null;
  const { type, count, shown } = message as Record<string, unknown>;
  if (type !== 'hc:toolbar-count' || typeof shown !== 'boolean') return null;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_TOOLBAR_COUNT) return null;
  return { type, count, shown };
}
