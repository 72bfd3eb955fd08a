/**
 * What the extension promises to put in a page, and nothing more (tests and user styles rely on it):
 * the element that stands for a classified post carries `data-hc-category="<category id>"`, and
 * `data-hc-visibility="dim"` or `"hide"` while the reader's settings dim or hide it.
 */
export const CATEGORY_ATTRIBUTE = 'data-hc-category';
export const VISIBILITY_ATTRIBUTE = 'data-hc-visibility';

/** Tag name of the shadow host that holds the tooltip (open shadow root, `role="tooltip"` inside). */
export const TOOLTIP_HOST = 'hashtag-context-tooltip';
