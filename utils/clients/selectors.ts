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
  contentWarning: '.content-warning p, .spoiler-text',
  contentText: '.status__content__text',
  hashtagBar: '.hashtag-bar',
} as const;
