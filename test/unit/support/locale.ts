import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';

type Message = { message: string; placeholders?: Record<string, { content: string }> };
type Messages = Record<string, Message>;

export function readMessages(locale: 'en' | 'de'): Messages {
  return JSON.parse(readFileSync(resolve(process.cwd(), `public/_locales/${locale}/messages.json`), 'utf8'));
}

/** A message's text with `$NAME$` placeholders filled from `substitutions` ($1, $2, …), as the browser does it. */
function fill(entry: Message, substitutions: readonly string[]): string {
  return entry.message.replace(/\$([A-Z_]+)\$/gi, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (_m, index: string) => substitutions[Number(index) - 1] ?? '');
  });
}

/** `browser.i18n.getMessage` as the browser implements it, over our `_locales` (the fake browser has none). */
export function useLocale(locale: 'en' | 'de'): void {
  const messages = readMessages(locale);
  fakeBrowser.i18n.getMessage = ((key: string, substitutions?: string | string[]) => {
    const entry = messages[key];
    if (!entry) return '';
    return fill(entry, substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions]);
  }) as typeof fakeBrowser.i18n.getMessage;
}

/** A message with its values filled in, numbers written the locale's way, as `problemText` shows it. */
export function formatMessage(locale: 'en' | 'de', key: string, values: readonly (string | number)[]): string {
  const entry = readMessages(locale)[key];
  if (!entry) throw new Error(`no message "${key}" in ${locale}`);
  return fill(entry, values.map((value) => (typeof value === 'number' ? value.toLocaleString(locale) : value)));
}
