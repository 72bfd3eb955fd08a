import { browser } from 'wxt/browser';
import type { BackupProblem } from './store/backup';
import type { CategoryId } from './classifier/types';

/** A message from `_locales` in the browser's language; the key itself if it is missing. */
export function t(key: string, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key as never, substitutions) || key;
}

export function categoryName(category: CategoryId): string {
  return t(`category_${category}`);
}

/** What is wrong with a backup file, in the browser's language, numbers written the local way. */
export function problemText({ message, values }: BackupProblem): string {
  const language = browser.i18n.getUILanguage();
  return t(message, values.map((value) => (typeof value === 'number' ? value.toLocaleString(language) : value)));
}
