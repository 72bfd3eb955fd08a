import { storage } from 'wxt/utils/storage';
import { isBuiltInOrigin, isSiteOrigin } from '../sites';

/** Most sites a reader can enable: one registered content script each. */
export const MAX_ENABLED_SITES = 200;

/**
 * The sites the reader enabled beyond the built-in ones (origins like `https://social.example`),
 * in the order they were added. Written only by the background (it also holds the permission and
 * the registered content script for each); the popup and the options page read and watch it.
 * `local:`, not `sync:`: host permissions are granted per browser, not per account.
 */
export const enabledSitesItem = storage.defineItem<string[]>('local:enabledSites', {
  fallback: [],
  version: 1,
});

/** Well-formed, not built in, no duplicates, at most MAX_ENABLED_SITES: a damaged value never breaks anything. */
export function sanitizeEnabledSites(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const sites = value.filter((site): site is string => isSiteOrigin(site) && !isBuiltInOrigin(site));
  return [...new Set(sites)].slice(0, MAX_ENABLED_SITES);
}

export async function readEnabledSites(): Promise<string[]> {
  return sanitizeEnabledSites(await enabledSitesItem.getValue().catch(() => []));
}
