import { storage } from 'wxt/utils/storage';
import { CATEGORY_IDS, type CategoryId } from '../classifier/types';

export const VISIBILITIES = ['show', 'dim', 'hide'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export type VisibilityByCategory = Record<CategoryId, Visibility>;

export const DEFAULT_VISIBILITY: VisibilityByCategory = {
  legislation: 'show',
  network_protocol: 'show',
  civic_recruiting: 'show',
  other: 'show',
};

/** How posts of each context are shown. Read by the content script, written by the popup. */
export const visibilitySetting = storage.defineItem<VisibilityByCategory>('local:visibility', {
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
  return result;
}
