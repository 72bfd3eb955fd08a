import { storage } from 'wxt/utils/storage';
import { CATEGORY_IDS, isCategoryId, isCustomContextId, type CategoryId, type ContextId, type CustomContextId } from '../classifier/types';

export const VISIBILITIES = ['show', 'dim', 'hide'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
/** Per context: the four built-in ones always, the reader's own ones where a choice was made (else shown). */
export type VisibilityByCategory = Record<CategoryId, Visibility> & Partial<Record<CustomContextId, Visibility>>;
/** Choices for reader contexts kept at most (those of removed contexts are cleaned up by the options page). */
const MAX_CUSTOM_CHOICES = 16;

export const DEFAULT_VISIBILITY: VisibilityByCategory = {
  legislation: 'show',
  network_protocol: 'show',
  civic_recruiting: 'show',
  other: 'show',
};

/** How posts of each context are shown, synced like the other settings. Read by the content script, written by the popup. */
export const visibilitySetting = storage.defineItem<VisibilityByCategory>('sync:visibility', {
  fallback: DEFAULT_VISIBILITY,
  version: 1,
});

/** Fills gaps and drops junk, so a damaged stored value never breaks the page. */
export function sanitizeVisibility(value: unknown): VisibilityByCategory {
  const result = { ...DEFAULT_VISIBILITY };
  if (typeof value !== 'object' || value === null) return result;
  for (const category of CATEGORY_IDS) {
    const visibility = (value as Record<string, unknown>)[category];
    if ((VISIBILITIES as readonly unknown[]).includes(visibility)) result[category] = visibility as Visibility;
  }
  Object.assign(result, customChoices(value));
  return result;
}

/** The well-formed choices for reader contexts in a stored object, at most {@link MAX_CUSTOM_CHOICES}. */
function customChoices(value: object): Partial<Record<CustomContextId, Visibility>> {
  const result: Partial<Record<CustomContextId, Visibility>> = {};
  let count = 0;
  for (const [key, visibility] of Object.entries(value)) {
    if (count >= MAX_CUSTOM_CHOICES) break;
    if (!isCustomContextId(key) || !(VISIBILITIES as readonly unknown[]).includes(visibility)) continue;
    result[key] = visibility as Visibility;
    count++;
  }
  return result;
}

/** How posts of a context are shown by the choice for all hashtags (a reader context without a choice: shown). */
export function visibilityOf(all: VisibilityByCategory, context: ContextId): Visibility {
  return all[context] ?? 'show';
}

/* ------------------------------------------------------------------------------------------
 * Display settings of the contexts and the reader's own watched hashtags (options page).
 * Small, so they live in the `sync:` area: they follow the reader to other browsers.
 * ---------------------------------------------------------------------------------------- */

export const MAX_CONTEXT_NAME_LENGTH = 40;
export const MAX_CUSTOM_TAGS = 100;
const MAX_TAG_LENGTH = 100;

/** A context's name and colour as the reader set them; a missing field means the default. */
export interface ContextDisplay {
  name?: string;
  color?: string;
}
/** Stored (`sync:contextDisplay`): the built-in contexts only; in the pages, the reader's contexts are added (see `withCustomContexts`). */
export type ContextDisplayByCategory = Partial<Record<ContextId, ContextDisplay>>;

/** The default colour of each context (the same as the tooltip's swatches). */
export const DEFAULT_CONTEXT_COLORS: Record<CategoryId, string> = {
  legislation: '#e5a50a',
  network_protocol: '#3584e4',
  civic_recruiting: '#2ec27e',
  other: '#9a9996',
};

export const contextDisplaySetting = storage.defineItem<ContextDisplayByCategory>('sync:contextDisplay', {
  fallback: {},
  version: 1,
});

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/** A colour as the options page stores it: `#` and six hex digits (any case; stored in lower case). */
export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && HEX_COLOR.test(value);
}

/** Keeps only names and colours that are well formed; anything else falls back to the default. */
export function sanitizeContextDisplay(value: unknown): ContextDisplayByCategory {
  const result: ContextDisplayByCategory = {};
  if (typeof value !== 'object' || value === null) return result;
  for (const category of CATEGORY_IDS) {
    const entry = (value as Record<string, unknown>)[category];
    if (typeof entry !== 'object' || entry === null) continue;
    const { name, color } = entry as Record<string, unknown>;
    const display: ContextDisplay = {};
    if (typeof name === 'string' && name.trim() && name.trim().length <= MAX_CONTEXT_NAME_LENGTH) display.name = name.trim();
    if (isHexColor(color)) display.color = color.toLowerCase();
    if (display.name || display.color) result[category] = display;
  }
  return result;
}

/** The colour of a context for display; a reader context no longer there is grey. */
export function contextColor(display: ContextDisplayByCategory, category: ContextId): string {
  return display[category]?.color ?? (isCategoryId(category) ? DEFAULT_CONTEXT_COLORS[category] : REMOVED_CONTEXT_COLOR);
}

export const REMOVED_CONTEXT_COLOR = '#77767b';

/** The built-in contexts' display settings with the reader's contexts' names and colours added. */
export function withCustomContexts(
  display: ContextDisplayByCategory,
  contexts: readonly { id: CustomContextId; name: string; color: string }[],
): ContextDisplayByCategory {
  const result: ContextDisplayByCategory = { ...display };
  for (const { id, name, color } of contexts) result[id] = { name, color };
  return result;
}

/** Hashtags the reader added to the watched ones (normalised, without `#`). */
export const customTagsSetting = storage.defineItem<string[]>('sync:customTags', {
  fallback: [],
  version: 1,
});

/** A hashtag as typed (`#Protokoll`, `Protokoll`) in its normalised form, or null when it is no hashtag. */
export function parseHashtagInput(input: string): string | null {
  const name = input.trim().normalize('NFKC').replace(/^[#＃]/, '').toLowerCase();
  if (!name || name.length > MAX_TAG_LENGTH || !/^[\p{L}\p{N}_]+$/u.test(name)) return null;
  return name;
}

export function sanitizeCustomTags(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const tags = value.map((tag) => (typeof tag === 'string' ? parseHashtagInput(tag) : null));
  return [...new Set(tags.filter((tag): tag is string => tag !== null))].slice(0, MAX_CUSTOM_TAGS);
}

/* ------------------------------------------------------------------------------------------
 * Per watched hashtag: contexts shown, dimmed or hidden differently from the choice for all
 * hashtags (options page). `sync:` too; bounded so it stays within one sync item (8 KB).
 * ---------------------------------------------------------------------------------------- */

export type VisibilityOverrides = Partial<VisibilityByCategory>;
export type VisibilityByTag = Record<string, VisibilityOverrides>;
export const MAX_TAGS_WITH_OWN_VISIBILITY = 60;

export const tagVisibilitySetting = storage.defineItem<VisibilityByTag>('sync:tagVisibility', {
  fallback: {},
  version: 1,
});

export function sanitizeTagVisibility(value: unknown): VisibilityByTag {
  const result: VisibilityByTag = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return result;
  for (const [key, overrides] of Object.entries(value)) {
    const tag = parseHashtagInput(key);
    if (!tag || typeof overrides !== 'object' || overrides === null) continue;
    const clean: VisibilityOverrides = {};
    for (const category of CATEGORY_IDS) {
      const choice = (overrides as Record<string, unknown>)[category];
      if ((VISIBILITIES as readonly unknown[]).includes(choice)) clean[category] = choice as Visibility;
    }
    Object.assign(clean, customChoices(overrides));
    if (Object.keys(clean).length > 0) result[tag] = clean;
    if (Object.keys(result).length >= MAX_TAGS_WITH_OWN_VISIBILITY) break;
  }
  return result;
}

/**
 * How a post of `category` carrying the watched `tags` is shown: as its hashtags' own choices for
 * that context say, else as the choice for all hashtags. When its hashtags' own choices disagree,
 * the most visible one wins (a post hidden under one hashtag still shows where the reader asked to see it).
 */
export function effectiveVisibility(
  all: VisibilityByCategory,
  byTag: VisibilityByTag,
  category: ContextId,
  tags: readonly string[],
): Visibility {
  let mostVisible = -1;
  for (const tag of tags) {
    const own = Object.hasOwn(byTag, tag) ? byTag[tag]![category] : undefined;
    if (own === undefined) continue;
    const rank = VISIBILITIES.indexOf(own);
    if (mostVisible === -1 || rank < mostVisible) mostVisible = rank;
  }
  return mostVisible === -1 ? visibilityOf(all, category) : VISIBILITIES[mostVisible]!;
}

/* ------------------------------------------------------------------------------------------
 * Context chips beside watched hashtags (options page). `sync:` like the other display settings.
 * ---------------------------------------------------------------------------------------- */

/** Where chips are shown: beside every watched hashtag, only beside ambiguous ones, or nowhere (hover and focus only). */
export const CHIP_MODES = ['always', 'ambiguous', 'never'] as const;
export type ChipMode = (typeof CHIP_MODES)[number];
export const DEFAULT_CHIP_MODE: ChipMode = 'always';

export const chipModeSetting = storage.defineItem<ChipMode>('sync:chipMode', {
  fallback: DEFAULT_CHIP_MODE,
  version: 1,
});

/** A stored chip mode, or the default when it is missing or damaged. */
export function sanitizeChipMode(value: unknown): ChipMode {
  return (CHIP_MODES as readonly unknown[]).includes(value) ? (value as ChipMode) : DEFAULT_CHIP_MODE;
}

/* ------------------------------------------------------------------------------------------
 * The toolbar icon's count of the posts sorted on the open page (options page). `sync:` like the chips.
 * ---------------------------------------------------------------------------------------- */

export const toolbarCountSetting = storage.defineItem<boolean>('sync:toolbarCount', {
  fallback: true,
  version: 1,
});

/** A stored choice, or the default (shown) when it is missing or damaged. */
export function sanitizeToolbarCount(value: unknown): boolean {
  return typeof value === 'boolean' ? value : true;
}
