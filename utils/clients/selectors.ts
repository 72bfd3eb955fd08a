/**
 * Every selector the adapters rely on, in one place: when a client changes its markup,
 * this file (and its fixtures in test/fixtures/) is where the fix goes.
 * Sources: /work/shared/research/mastodon-dom.md, cited per entry.
 */
export const mastodonSelectors = {
  /** React root of the official web UI (`app/views/shared/_web_app.html.haml`). */
  appRoot: '#mastodon',
  initialState: 'script#initial-state',
  /** A post in a timeline (`.status[data-id]`) or the focused post of the detail view. */
  post: '.status[data-id], .detailed-status',
  /** Quoted post wrapper inside a quoting post (4.4+, `components/status_quoted.tsx`). */
  quote: '.status__quote',
  /** Element that stands for the post: timeline article, detail wrapper, or bare wrapper (thread). */
  timelineItem: 'article',
  detailWrapper: '.detailed-status__wrapper',
  statusWrapper: '.status__wrapper',
  /** A timeline list (`scrollable_list/components.tsx`). */
  feed: '[role="feed"]',
  /** Class of the same timeline lists (`div.item-list[role=feed]`), for a cheap live count. */
  feedClass: 'item-list',
  /** The area holding the timeline columns: one in the single-column layout, several in the advanced one. */
  columnsArea: '.columns-area',
  columnClass: 'column',
  /**
   * The post's content warning (4.3.2+ `status_banner.tsx`: `.content-warning > p`, the warning's own `<p>`
   * inside that one; 4.3.0 `content_warning.tsx`: `.content-warning > .content-warning__body > p`; older
   * `.spoiler-text`). Not a warn filter's banner (`.content-warning--filter`): its "Matches filter “…”"
   * names the reader's filter, not what the post says. Child combinators only: with a descendant one,
   * every `<p>` of the post was checked against each of its ancestors up to the document's root.
   */
  contentWarning:
    '.content-warning:not(.content-warning--filter) > p, .content-warning:not(.content-warning--filter) > .content-warning__body > p, .spoiler-text',
  contentText: '.status__content__text',
  hashtagBar: '.hashtag-bar',
  /**
   * An open dropdown menu: 4.4+ opens one under a clicked hashtag link (`data-menu-hashtag`), above it
   * when there is no room below, in a `position: fixed` box appended to `<body>`
   * (`features/ui/components/hashtag_menu_controller.tsx`: `div.dropdown-animation.dropdown-menu`).
   */
  dropdownMenu: '.dropdown-menu',
} as const;

/**
 * lmst (cyevgeniy/lmst): vanilla TypeScript, path routes, no ids in the DOM.
 * Sources: `index.html`, `src/components/Layout.ts`, `LStatus.ts`, `LStatusesList.ts`, `src/pages/tags.ts`.
 */
export const lmstSelectors = {
  /** Application root (`index.html`, `src/utils/page.ts`). */
  appRoot: '#app',
  /** lmst-only markers: the static icon sprite of `index.html`, and the layout `Layout.ts` mounts into `#app`. */
  shellMarker: '#icons > #icon-logo, #icons > #icon-boost, #app > .ltContainer > .ltMiddle',
  /** A post (`LStatus.ts`): `div.status[tabindex=0]`; `.single` on the status page. */
  post: 'div.status',
  singlePost: '.single',
  /** The post body (`div.content`, HTML from `parseContent`). */
  content: 'div.content',
  /** After "Show sensitive content", the raw HTML goes into a class-less `div` (`onShowSensitiveClick`). */
  revealedSensitive: 'div:not([class]), div[class=""]',
  /** The list of the tag page (`src/pages/tags.ts`: `#timeline-root` > `.timeline-container` > `.statusesList`). */
  timelineList: '#timeline-root .statusesList',
} as const;

/**
 * Elk (elk-zone/elk): Nuxt + Vue, routes `/<server>/…`, virtual scroller on by default.
 * Sources: `app/components/status/StatusLink.vue`, `StatusDetails.vue`, `StatusContent.vue`, `StatusBody.vue`,
 * `StatusSpoiler.vue`, `app/app.vue`, `nuxt.config.ts`, `app/composables/content-render.ts`.
 */
export const elkSelectors = {
  /** Nuxt's application root. */
  appRoot: '#__nuxt',
  /** Elk-only markers: its status cards, the avatar clip path of `app.vue`, its `og:site_name`. */
  elkMarker: '[aria-roledescription="status-card"], [aria-roledescription="status-details"], clipPath#avatar-mask, meta[property="og:site_name"][content="Elk" i]',
  /** A post: timeline card (`StatusLink.vue`) or the focused post of the detail view (`StatusDetails.vue`). */
  post: '[aria-roledescription="status-card"], [aria-roledescription="status-details"]',
  /** `StatusBody.vue`: `div.status-body` > `span.content-rich` (first child; a translation follows later). */
  body: '.status-body > .content-rich:first-child',
  /** `StatusSpoiler.vue`: the spoiler box is a `div.content-rich` outside the post body. */
  contentWarning: 'div.content-rich',
  statusBody: '.status-body',
} as const;

/**
 * Phanpy (cheeaun/phanpy): Preact, hash routes `#/<instance>/…`, the home deck stays mounted under other pages.
 * Sources: `index.html`, `src/components/status.jsx`, `timeline.jsx`, `status-tags.jsx`, `post-content.jsx`,
 * `src/pages/hashtag.jsx`, `src/utils/states.js#statusKey`, `src/utils/enhance-content.js`.
 */
export const phanpySelectors = {
  appRoot: '#app',
  /** Phanpy-only markers: `#modal-container` beside `#app`, its theme-colour metas, its posts. */
  phanpyMarker: 'body > #modal-container, meta[data-theme-setting], article.status[data-state-post-id]',
  /** A post; `data-state-post-id` = `<instance>/<id>` (a boost's article holds the boosted post). */
  post: 'article.status[data-state-post-id]',
  /** Content warning (`div.content.spoiler-content`, or `span.spoiler-content` when media come first). */
  contentWarning: '.spoiler-content',
  /** The body: `div.content` (`inert` while a content warning is closed) > `div.inner-content`. */
  content: '.content:not(.spoiler-content)',
  /** Tags not used in the text (`status-tags.jsx`). */
  tagList: 'ul.status-tags',
  /** A quoted post's link around its article (`QuoteStatus`). */
  quoteLink: 'a.status-card-link',
  /** A timeline entry (`timeline.jsx`: `ul.timeline > li > a.status-link.timeline-item`). */
  timelineItem: 'ul.timeline > li',
  /** The hashtag page's deck (`Timeline id="hashtag"` renders `#hashtag-page`). */
  hashtagPage: '#hashtag-page',
} as const;
