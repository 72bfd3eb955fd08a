/**
 * The colour scheme the page shows: Mastodon 4.3–4.5 puts `theme-<name>` on the body
 * (`theme-system` follows the OS), 4.6 puts `data-color-scheme` on `<html>`.
 */
export function pageColorScheme(doc: Document): 'light' | 'dark' {
  const explicit = doc.documentElement.getAttribute('data-color-scheme');
  if (explicit === 'light' || explicit === 'dark') return explicit;
  const body = doc.body?.classList;
  if (body?.contains('theme-mastodon-light')) return 'light';
  if (body?.contains('theme-default') || body?.contains('theme-contrast')) return 'dark';
  return doc.defaultView?.matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

/** The page's writing direction: Mastodon marks right-to-left interfaces with `body.rtl` (and `dir`). */
export function pageDirection(doc: Document): 'ltr' | 'rtl' {
  if (doc.body?.classList.contains('rtl')) return 'rtl';
  return (doc.documentElement.dir || doc.body?.dir) === 'rtl' ? 'rtl' : 'ltr';
}

/**
 * Whether the reader asked Mastodon itself to reduce motion (its preference puts `reduce-motion` on
 * the body). The system's `prefers-reduced-motion` needs no check: the tooltip's CSS follows it.
 */
export function pageReducesMotion(doc: Document): boolean {
  return doc.body?.classList.contains('reduce-motion') ?? false;
}
