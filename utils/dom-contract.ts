/**
 * What the extension promises to put in a page, and nothing more (tests and user styles rely on it):
 * the element that stands for a classified post carries `data-hc-category="<category id>"`, and
 * `data-hc-visibility="dim"` or `"hide"` while the reader's settings dim or hide it.
 */
export const CATEGORY_ATTRIBUTE = 'data-hc-category';
export const VISIBILITY_ATTRIBUTE = 'data-hc-visibility';

/** Tag name of the shadow host that holds the tooltip (open shadow root, `role="tooltip"` inside). */
export const TOOLTIP_HOST = 'hashtag-context-tooltip';

/**
 * Tag name of the shadow hosts that hold context chips: one per labelled post, appended as the last
 * child of the element that carries `data-hc-category` (never inside the post's text), a 0 × 0
 * block that takes no room (the chips in it are positioned over the post); open shadow root, `button.hc-chip` inside.
 */
export const CHIP_HOST = 'hashtag-context-chips';
