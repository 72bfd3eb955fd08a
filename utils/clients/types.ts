export type ClientId = 'mastodon' | 'elk' | 'phanpy' | 'lmst';

export interface HashtagLink {
  element: HTMLAnchorElement;
  /** NFKC-normalised, lower-cased tag name without `#`, for comparison. */
  name: string;
}

/** What an adapter reads from one post element. */
export interface PostView {
  /** The adapter's post element the view was read from. */
  post: Element;
  /** The element that stands for the post in the timeline; it carries `data-hc-category`. */
  container: Element;
  /** The displayed post's id (for a boost: the boosted post), or null where the DOM has none. */
  id: string | null;
  /**
   * Content warning, body and hashtag bar, as the reader sees them. Read from the page on first use
   * (the adapters' views have it as a getter): a post that carries no watched tag is never read.
   */
  readonly text: string;
  hashtagLinks: HashtagLink[];
  /** Normalised tags the post carries by where it is shown (a hashtag timeline), though no link may show them. */
  impliedTags: string[];
}

/** Answers, for one web client's DOM: where are the posts, their ids, their text, their hashtag links. */
export interface ClientAdapter {
  id: ClientId;
  detect(doc: Document): boolean;
  /** CSS selector matching a post element; used to find posts and the post around a node. */
  postSelector: string;
  readPost(post: Element): PostView | null;
  /** The normalised tag a link points to, if it is a hashtag link in this client's markup. */
  hashtagName(link: HTMLAnchorElement): string | null;
}
