import { browser } from 'wxt/browser';
import type { CategoryId } from './classifier/types';

/** A message from `_locales` in the browser's language; the key itself if it is missing. */
export function t(key: string, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key as never, substitutions) || key;
}

export function categoryName(category: CategoryId): string {
  return t(`category_${category}`);
}
