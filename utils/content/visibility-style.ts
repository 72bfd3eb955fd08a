import type { ContextId } from '../classifier/types';
import { CATEGORY_ATTRIBUTE, VISIBILITY_ATTRIBUTE } from '../dom-contract';
import { DEFAULT_VISIBILITY, effectiveVisibility, type VisibilityByCategory, type VisibilityByTag } from '../store/settings';

const dimmed = `[${VISIBILITY_ATTRIBUTE}="dim"]`;

/** The page's rules for dimmed and hidden posts: fixed; which posts they apply to is set per post. */
export const VISIBILITY_CSS = [
  `[${VISIBILITY_ATTRIBUTE}="hide"]{display:none!important}`,
  `${dimmed}{opacity:.35;transition:opacity .15s}`,
  `${dimmed}:hover,${dimmed}:focus-within{opacity:1}`,
  `@media (prefers-reduced-motion:reduce){${dimmed}{transition:none}}`,
].join('\n');

export interface VisibilitySettings {
  all: VisibilityByCategory;
  byTag: VisibilityByTag;
}

interface MarkedPost {
  category: ContextId;
  tags: readonly string[];
}

/**
 * Shows, dims or hides labelled posts: one `<style>` with fixed rules, and on each post a
 * `data-hc-visibility` attribute while it is dimmed or hidden. Per post because the choice depends
 * on its context and on the watched hashtags it carries (the reader may hide a context under one
 * hashtag only). A change of settings rewrites the attribute of every labelled post in the page.
 */
export function createPostVisibility(doc: Document) {
  const style = doc.createElement('style');
  style.textContent = VISIBILITY_CSS;
  const marked = new WeakMap<Element, MarkedPost>();
  let settings: VisibilitySettings = { all: DEFAULT_VISIBILITY, byTag: {} };

  const write = (container: Element, { category, tags }: MarkedPost) => {
    const visibility = effectiveVisibility(settings.all, settings.byTag, category, tags);
    if (visibility === 'show') container.removeAttribute(VISIBILITY_ATTRIBUTE);
    else if (container.getAttribute(VISIBILITY_ATTRIBUTE) !== visibility) container.setAttribute(VISIBILITY_ATTRIBUTE, visibility);
  };

  return {
    /** Records how a post was labelled and shows, dims or hides it accordingly. */
    mark(container: Element, category: ContextId, tags: readonly string[]) {
      const post = { category, tags };
      marked.set(container, post);
      write(container, post);
      if (!style.isConnected) (doc.head ?? doc.documentElement).append(style);
    },
    apply(next: VisibilitySettings) {
      settings = next;
      for (const container of doc.querySelectorAll(`[${CATEGORY_ATTRIBUTE}]`)) {
        const post = marked.get(container);
        if (post) write(container, post);
      }
    },
    remove() {
      style.remove();
      for (const container of doc.querySelectorAll(`[${VISIBILITY_ATTRIBUTE}]`)) container.removeAttribute(VISIBILITY_ATTRIBUTE);
    },
  };
}
