import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

export function readMessages(locale: 'en' | 'de'): Messages {
  return JSON.parse(readFileSync(resolve(process.cwd(), `public/_locales/${locale}/messages.json`), 'utf8'));
}

/** `browser.i18n.getMessage` as the browser implements it, over our `_locales` (the fake browser has none). */
export function useLocale(locale: 'en' | 'de'): void {
  const messages = readMessages(locale);
  fakeBrowser.i18n.getMessage = ((key: string, substitutions?: string | string[]) => {
    const entry = messages[key];
    if (!entry) return '';
    const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    return entry.message.replace(/\$([A-Z_]+)\$/gi, (_, name: string) => {
      const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
      return content.replace(/\$(\d)/g, (_m, index: string) => subs[Number(index) - 1] ?? '');
    });
  }) as typeof fakeBrowser.i18n.getMessage;
}

/** A message with its substitutions filled in, as `browser.i18n.getMessage` would return it. */
export function formatMessage(locale: 'en' | 'de', key: string, values: readonly (string | number)[]): string {
  const entry = readMessages(locale)[key];
  if (!entry) throw new Error(`no message "${key}" in ${locale}`);
  return entry.message.replace(/\$([A-Z_]+)\$/gi, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (_m, index: string) => {
      const value = values[Number(index) - 1] ?? '';
      return typeof value === 'number' ? value.toLocaleString(locale) : value;
    });
  });
}
