import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ClientAdapter, PostView } from '../clients';
import { CHIP_HOST, TOOLTIP_HOST } from '../dom-contract';

const UNWANTED = Symbol('unwanted');

/**
 * Elements this extension adds to the page. Adding one changes nothing a post says, so it is no reason to
 * read the post again (where a client's post element is also the labelled container, a chip host is
 * appended inside the post), nor to schedule a flush at all.
 */
const OWN_ELEMENTS: ReadonlySet<string> = new Set([CHIP_HOST, TOOLTIP_HOST]);

/**
 * Finds posts as the client renders them and reports each post once per distinct text.
 * Mutations are collected and handled together in a task of their own, right after the page's task that
 * made them, never one by one.
 * Clients destroy and rebuild post markup (Mastodon's off-screen swap, re-renders,
 * translations): a rebuilt element is new to the scanner, so it is read again.
 */
export class PostScanner {
  /** Post element → the text it had when last reported. WeakMap: nothing leaks, nothing shows in the page. */
  private reported = new WeakMap<Element, string>();
  private readonly pendingRoots = new Set<Node>();
  /**
   * The flush waiting to run: a task of its own (a zero-delay timer), after the page's task that made the
   * mutations (a timeline appends posts inside its animation frame), so the page's frame never waits for
   * this script's work. Not a `MessageChannel` message: posting one from the content script's world cost
   * about 13 µs per flush in the bench's profile (40 ms in 3,000 flushes), arming a timer about 8 µs.
   */
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly adapter: ClientAdapter,
    private readonly onPosts: (posts: PostView[]) => void,
    /**
     * Whether a post is of interest, from its hashtag links and implied tags (before its text is read).
     * Posts that are not are neither read nor reported: in a home timeline, most posts carry no watched tag.
     */
    private readonly wanted: (view: PostView) => boolean = () => true,
  ) {}

  start(root: Element = document.body): void {
    const observer = new MutationObserver((records) => {
      // Only what was added is looked at: the added subtrees (new posts in them) and the post around
      // each (its text changed). Never the mutation's target, which for a timeline is the whole feed.
      for (const record of records) {
        if (record.type !== 'childList') continue;
        for (const node of record.addedNodes) if (!OWN_ELEMENTS.has((node as Element).localName)) this.pendingRoots.add(node);
      }
      if (this.pendingRoots.size > 0) this.requestFlush();
    });
    observer.observe(root, { childList: true, subtree: true });
    this.ctx.onInvalidated(() => {
      observer.disconnect();
      clearTimeout(this.flushTimer);
    });
    // A flush still pending when the page comes back from the back/forward cache runs at once: if the browser
    // lost its task while the page was frozen (Firefox lost the message of a MessageChannel this way), it would
    // never run, and no later mutation would ask for another.
    this.ctx.addEventListener(window, 'pageshow', (event) => {
      if (!event.persisted || this.flushTimer === undefined) return;
      clearTimeout(this.flushTimer);
      this.runFlush();
    });
    this.pendingRoots.add(root);
    this.flush();
  }

  /** Forgets what was reported, so every post in the page is reported again (e.g. after the model changed). */
  rescan(): void {
    this.reported = new WeakMap();
    this.pendingRoots.add(document.body);
    this.requestFlush();
  }

  postOf(node: Element): Element | null {
    return node.closest(this.adapter.postSelector);
  }

  private requestFlush(): void {
    this.flushTimer ??= setTimeout(() => this.runFlush(), 0);
  }

  private runFlush(): void {
    this.flushTimer = undefined;
    if (this.ctx.isValid) this.flush();
  }

  private flush(): void {
    const posts = new Set<Element>();
    const selector = this.adapter.postSelector;
    for (const root of this.pendingRoots) {
      if (!root.isConnected) continue;
      const element = root.nodeType === Node.ELEMENT_NODE ? (root as Element) : root.parentElement;
      if (!element) continue;
      const around = this.postOf(element);
      if (around) posts.add(around);
      // Elements without children (text, <br>, empty placeholders) hold no posts.
      if (element.firstElementChild) for (const post of element.querySelectorAll(selector)) posts.add(post);
    }
    this.pendingRoots.clear();
    const changed: PostView[] = [];
    for (const post of posts) {
      const view = this.readSafely(post);
      if (view === UNWANTED) {
        // Reported again once it carries a watched tag (an edit, an expanded hashtag bar), whatever its text.
        this.reported.delete(post);
        continue;
      }
      if (!view || this.reported.get(post) === view.text) continue;
      this.reported.set(post, view.text);
      changed.push(view);
    }
    if (changed.length > 0) this.onPosts(changed);
  }

  /** The post's view with its text read, `UNWANTED` for a post of no interest (text not read), null when unreadable. */
  private readSafely(post: Element): PostView | typeof UNWANTED | null {
    try {
      const view = this.adapter.readPost(post);
      if (!view) return null;
      if (!this.wanted(view)) return UNWANTED;
      void view.text; // read here, where a failure only skips this post
      return view;
    } catch (error) {
      console.debug('[Hashtag Context] skipped a post it could not read:', error);
      return null;
    }
  }
}
