import type { PageDriver } from '../support/browser-session';
import { sleep, waitUntil } from '../support/wait';

const TOOLTIP_HOST = 'hashtag-context-tooltip';


export interface TooltipState {
  /** Tooltip hosts in the page (the extension keeps one) and tooltips shown in them. */
  hosts: number;
  count: number;
  text: string;
  /** The accessible description of the link the tooltip belongs to, and that link's post. */
  describedLink: string | null;
  forPost: string | null;
}

/** What the tests ask of the demo timeline, in words of the page rather than selectors. */
export class TimelinePage {
  constructor(readonly driver: PageDriver) {}

  /** Article id → seed id of every post on the page (from the page's own data island). */
  async seedIdsByArticle(): Promise<Map<string, string>> {
    const pairs = await this.driver.evaluate(() => {
      const posts = JSON.parse(document.getElementById('demo-posts')!.textContent!) as { articleId: string; seedId?: string }[];
      return posts.map((post) => [post.articleId, post.seedId ?? ''] as [string, string]);
    });
    return new Map(pairs);
  }

  /** Article ids of posts behind a content warning (collapsed until the reader expands them). */
  async postsWithContentWarning(): Promise<string[]> {
    return this.driver.evaluate(() => {
      const posts = JSON.parse(document.getElementById('demo-posts')!.textContent!) as { articleId: string; spoilerText: string }[];
      return posts.filter((post) => post.spoilerText).map((post) => post.articleId);
    });
  }

  /** Expands the content warning of a post, as a reader clicking "Show more". */
  async expandContentWarning(articleId: string): Promise<void> {
    await this.driver.evaluateWith((id) => {
      const article = document.querySelector(`article[data-id="${id}"]`)!;
      article.scrollIntoView();
    }, articleId);
    await this.driver.click(`article[data-id="${articleId}"] .content-warning > .link-button`);
  }

  /** Article id → `data-hc-category`, for the articles that have one. */
  async labels(): Promise<Record<string, string>> {
    return this.driver.evaluate(() => {
      const labels: Record<string, string> = {};
      for (const article of document.querySelectorAll('article[data-hc-category]')) {
        labels[article.getAttribute('data-id') ?? '?'] = article.getAttribute('data-hc-category')!;
      }
      return labels;
    });
  }

  /**
   * Scrolls through the whole timeline as a reader does and waits until every post is labelled but
   * those behind a content warning (labelled once a reader expands them). Returns article id → category.
   */
  async labelEveryPost(): Promise<Record<string, string>> {
    const posts = await this.seedIdsByArticle();
    const behindContentWarning = await this.postsWithContentWarning();
    await this.scrollThrough();
    return this.waitForLabels(posts.size - behindContentWarning.length);
  }

  /** Scrolls to the bottom a screen at a time, as a reader does, then back to the top. */
  async scrollThrough(): Promise<void> {
    for (let atBottom = false; !atBottom; ) {
      atBottom = await this.driver.evaluate(() => {
        window.scrollBy(0, window.innerHeight * 0.8);
        return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
      });
      await sleep(60);
    }
    await this.driver.evaluate(() => window.scrollTo(0, 0));
  }

  /** Waits until at least `count` articles carry `data-hc-category`; returns article id → category. */
  waitForLabels(count: number, timeoutMs = 15_000): Promise<Record<string, string>> {
    return waitUntil(
      () => this.labels(),
      (labels) => Object.keys(labels).length >= count,
      (labels) => `only ${Object.keys(labels).length} of ${count} posts were labelled`,
      timeoutMs,
    );
  }

  /** Article ids of at least `count` labelled posts in the viewport that show a #Protokoll link right now. */
  waitForVisibleProtokollLinks(count: number): Promise<string[]> {
    const probe = () => this.driver.evaluate(() =>
      [...document.querySelectorAll('article[data-hc-category]')]
        .filter((article) => {
          const { top, bottom } = article.getBoundingClientRect();
          return top < window.innerHeight && bottom > 0;
        })
        .filter((article) => [...article.querySelectorAll('.status a')].some((a) => /^\/tags\/protokoll$/i.test(new URL((a as HTMLAnchorElement).href).pathname)))
        .map((article) => article.getAttribute('data-id')!),
    );
    return waitUntil(probe, (ids) => ids.length >= count, (ids) => `only ${ids.length} posts show a #Protokoll link`);
  }

  /** Selector of the first #Protokoll link inside the post with this `data-id`. */
  protokollLink(postId: string): string {
    return `article[data-id="${postId}"] a[href$="/tags/Protokoll" i]`;
  }

  async tooltip(): Promise<TooltipState> {
    return this.driver.evaluateWith((host) => {
      const hosts = document.querySelectorAll(host);
      const tooltips = [...hosts].flatMap((h) => [...(h.shadowRoot?.querySelectorAll('[role="tooltip"]') ?? [])]);
      const described = document.querySelector('a[aria-description]');
      return {
        hosts: hosts.length,
        count: tooltips.length,
        text: tooltips.map((t) => t.textContent ?? '').join(' | '),
        describedLink: described?.getAttribute('aria-description') ?? null,
        forPost: described?.closest('article')?.getAttribute('data-id') ?? null,
      };
    }, TOOLTIP_HOST);
  }

  /** Waits for the tooltip to be shown (for the post with this article id, if given) or gone. */
  waitForTooltip(visible: boolean, postId?: string, timeoutMs = 5_000) {
    return waitUntil(
      () => this.tooltip(),
      (state) => (visible ? state.count > 0 && (!postId || state.forPost === postId) : state.count === 0),
      () => `the tooltip${postId ? ` of post ${postId}` : ''} did not ${visible ? 'appear' : 'disappear'}`,
      timeoutMs,
    );
  }

  /** Centre of the visible tooltip, in viewport coordinates. */
  async tooltipCentre(): Promise<{ x: number; y: number }> {
    return this.driver.evaluateWith((host) => {
      const tooltip = document.querySelector(host)?.shadowRoot?.querySelector('[role="tooltip"]');
      const rect = tooltip!.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }, TOOLTIP_HOST);
  }

  async isHidden(postId: string): Promise<boolean> {
    return this.driver.evaluateWith(
      (id) => getComputedStyle(document.querySelector(`article[data-id="${id}"]`)!).display === 'none',
      postId,
    );
  }
}
