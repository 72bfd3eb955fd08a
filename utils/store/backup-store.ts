import { CATEGORY_IDS, watchedTagNames } from '../classifier';
import type { ExportResponse, ImportMode, ImportResponse } from '../messages';
import { describe, describeError, exportBackup, parseBackup, type BackupData, type BackupMessage } from './backup';
import type { Storage } from './index';
import {
  contextDisplaySetting,
  customTagsSetting,
  MAX_CUSTOM_TAGS,
  parseHashtagInput,
  sanitizeContextDisplay,
  sanitizeCustomTags,
  sanitizeTagVisibility,
  sanitizeVisibility,
  tagVisibilitySetting,
  visibilitySetting,
} from './settings';
import { customContextsSetting, MAX_CUSTOM_CONTEXTS, sanitizeCustomContexts, type CustomContext } from './custom-contexts';

/**
 * Export and import of the reader's data as the background does them: gathers what is stored into
 * a backup file, and stores a backup file all or nothing. The file's checks are `parseBackup`'s;
 * here only what depends on what is already stored (the number of own hashtags) is added.
 */

/** Settings (names and colours of the contexts included), the reader's own watched hashtags and every correction, as the text of a backup file. */
export async function gatherBackup(storage: Storage, now: Date = new Date()): Promise<ExportResponse> {
  const [visibility, tagVisibility, tags, corrections, contexts, display] = await Promise.all([
    visibilitySetting.getValue(),
    tagVisibilitySetting.getValue(),
    customTagsSetting.getValue(),
    storage.corrections.all(),
    customContextsSetting.getValue(),
    contextDisplaySetting.getValue(),
  ]);
  const customContexts = sanitizeCustomContexts(contexts);
  // Choices for a context no longer there would make the file unreadable (its choices may name only its own contexts).
  const known = new Set<string>([...CATEGORY_IDS, ...customContexts.map(({ id }) => id)]);
  const onlyKnown = <T extends object>(choices: T): T => Object.fromEntries(Object.entries(choices).filter(([id]) => known.has(id))) as T;
  const byTag = Object.fromEntries(
    Object.entries(sanitizeTagVisibility(tagVisibility))
      .map(([tag, choices]) => [tag, onlyKnown(choices)] as const)
      .filter(([, choices]) => Object.keys(choices).length > 0),
  );
  const data: BackupData = {
    settings: {
      visibility: onlyKnown(sanitizeVisibility(visibility)),
      tagVisibility: byTag,
      customContexts,
      contextDisplay: sanitizeContextDisplay(display),
    },
    watchedTags: sanitizeCustomTags(tags),
    corrections: [...corrections].sort((a, b) => a.createdAt - b.createdAt),
  };
  return { json: exportBackup(data, now) };
}

/**
 * Stores a backup file. With `merge` its corrections (the file's win for the same post) and hashtags
 * are added to the stored ones; with `replace` they take their place (the built-in contexts' names and
 * colours too, per context). Visibility choices come from the file either way. Anything wrong with the file is reported and nothing stored changes; a write
 * that fails half way is undone.
 */
export async function applyBackup(storage: Storage, json: string, mode: ImportMode): Promise<ImportResponse> {
  const parsed = parseBackup(json);
  if (!parsed.ok) return parsed;
  const { settings, watchedTags, corrections } = parsed.data;

  const defaults = new Set(watchedTagNames().map((tag) => tag.toLowerCase()));
  const fileTags: string[] = [];
  for (const [index, tag] of watchedTags.entries()) {
    const name = parseHashtagInput(tag);
    if (name === null) return refuse('importBadWatchedTag', `watchedTags[${index}]`, describe(tag));
    if (!defaults.has(name) && !fileTags.includes(name)) fileTags.push(name);
  }

  const before = {
    visibility: await visibilitySetting.getValue(),
    tagVisibility: await tagVisibilitySetting.getValue(),
    tags: await customTagsSetting.getValue(),
    contexts: await customContextsSetting.getValue(),
    display: await contextDisplaySetting.getValue(),
    corrections: await storage.corrections.all(),
  };
  // The built-in contexts' names and colours: the file's win per context (merge), or take the place of all (replace).
  const display = settings.contextDisplay && (mode === 'replace' ? settings.contextDisplay : { ...sanitizeContextDisplay(before.display), ...settings.contextDisplay });
  // The reader's contexts: the file's take the place of stored ones with the same id (merge), or of all (replace).
  let contexts: CustomContext[] | null = null;
  if (settings.customContexts) {
    const fileIds = new Set(settings.customContexts.map(({ id }) => id));
    const kept = mode === 'replace' ? [] : sanitizeCustomContexts(before.contexts).filter(({ id }) => !fileIds.has(id));
    contexts = [...kept, ...settings.customContexts];
    if (contexts.length > MAX_CUSTOM_CONTEXTS) {
      return refuse('importTooManyContexts', contexts.length, MAX_CUSTOM_CONTEXTS);
    }
  }
  const stored = sanitizeCustomTags(before.tags);
  const tags = mode === 'replace' ? fileTags : [...new Set([...stored, ...fileTags])];
  if (tags.length > MAX_CUSTOM_TAGS) {
    return refuse(mode === 'replace' ? 'importTooManyTags' : 'importTooManyTagsMerged', tags.length, MAX_CUSTOM_TAGS);
  }

  try {
    await storage.corrections.putAll(corrections, { replace: mode === 'replace' });
  } catch (error) {
    return refuse('importCorrectionsNotStored', describeError(error));
  }
  try {
    await customTagsSetting.setValue(tags);
    await visibilitySetting.setValue(settings.visibility);
    if (settings.tagVisibility) await tagVisibilitySetting.setValue(settings.tagVisibility);
    if (contexts) await customContextsSetting.setValue(contexts);
    if (display) await contextDisplaySetting.setValue(display);
  } catch (error) {
    // Put back what was there, as far as the browser lets us.
    await storage.corrections.putAll(before.corrections, { replace: true }).catch(() => undefined);
    await customTagsSetting.setValue(before.tags).catch(() => undefined);
    await visibilitySetting.setValue(before.visibility).catch(() => undefined);
    await tagVisibilitySetting.setValue(before.tagVisibility).catch(() => undefined);
    await customContextsSetting.setValue(before.contexts).catch(() => undefined);
    await contextDisplaySetting.setValue(before.display).catch(() => undefined);
    return refuse('importSettingsNotStored', describeError(error));
  }
  return { ok: true, corrections: corrections.length, tags: fileTags.length, contexts: settings.customContexts?.length ?? 0 };
}

function refuse(message: BackupMessage, ...values: (string | number)[]): ImportResponse {
  return { ok: false, problem: { message, values } };
}
