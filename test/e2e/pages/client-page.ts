import type { PageDriver } from '../support/browser-session';
import { sleep, waitUntil } from '../support/wait';

const TOOLTIP_HOST = 'hashtag-context-tooltip';

/** Where a client's fixture page keeps its posts, in the terms the tests need. */
export interface ClientPageSpec {
  /** Path (and hash route) of the fixture page. */
  path: string;
  /** The element that stands for a post in this client: the one that gets `data-hc-category`. */
  container: string;
  /** How a post is named across re-renders: its position (lmst has no ids), its element id (Elk), or its article's key (Phanpy). */
  key: 'position' | 'element-id' | 'article-key';
  /** The element that scrolls the timeline; null for the window. */
  scroller: string | null;
}

type KeyArgs = { container: string; key: ClientPageSpec['key'] };

/** Post key → the CSS selector of its container (runs in the page, so it is written out in full there). */
function containerSelectorOf(spec: ClientPageSpec, key: string): string {
  if (spec.key === 'position') return `${spec.container}:nth-child(${Number(key) + 1})`;
  if (spec.key === 'element-id') return `[id="${key}"]`;
  return `${spec.container}:has(article[data-state-post-id="${key}"])`;
}

/** What the client tests ask of a client's fixture page. */
export class ClientPage {
  constructor(
    readonly driver: PageDriver,
    readonly spec: ClientPageSpec,
  ) {}

  /** Post key → `data-hc-category`, for every post container in the DOM right now (labelled or not: value ''). */
  posts(): Promise<Record<string, string>> {
    return this.driver.evaluateWith(({ container, key }: KeyArgs) => {
      const out: Record<string, string> = {};
      [...document.querySelectorAll(container)].forEach((element, index) => {
        const name =
          key === 'position' ? String(index) : key === 'element-id' ? element.id : (element.querySelector('article[data-state-post-id]')?.getAttribute('data-state-post-id') ?? '?');
        out[name] = element.getAttribute('data-hc-category') ?? '';
      });
      return out;
    }, { container: this.spec.container, key: this.spec.key });
  }

  /** Every element in the page that carries `data-hc-category`, and whether it is this client's post container. */
  labelledElements(): Promise<{ total: number; onContainers: number }> {
    return this.driver.evaluateWith((container) => {
      const labelled = [...document.querySelectorAll('[data-hc-category]')];
      return { total: labelled.length, onContainers: labelled.filter((element) => element.matches(container)).length };
    }, this.spec.container);
  }

  private scrollBy(fraction: number): Promise<boolean> {
    return this.driver.evaluateWith(({ scroller, fraction }) => {
      const element = scroller ? document.querySelector(scroller)! : document.scrollingElement!;
      const height = scroller ? element.clientHeight : window.innerHeight;
      element.scrollBy(0, height * fraction);
      return element.scrollTop + height >= element.scrollHeight - 2;
    }, { scroller: this.spec.scroller, fraction });
  }

  scrollTo(where: 'top' | 'bottom'): Promise<void> {
    return this.driver.evaluateWith(({ scroller, where }) => {
      const element = scroller ? document.querySelector(scroller)! : document.scrollingElement!;
      element.scrollTo(0, where === 'top' ? 0 : element.scrollHeight);
    }, { scroller: this.spec.scroller, where });
  }

  /**
   * Scrolls through the timeline a screen at a time, as a reader does, waiting at each step until the
   * posts on screen are labelled; returns every post key seen with its label, then scrolls back up.
   */
  async readThrough(expectLabelled: (key: string) => boolean, timeoutMs = 15_000): Promise<Record<string, string>> {
    const seen: Record<string, string> = {};
    for (let atBottom = false; ; ) {
      const now = await waitUntil(
        () => this.posts(),
        (posts) => Object.entries(posts).every(([key, label]) => label !== '' || !expectLabelled(key)),
        (posts) => `posts left unlabelled: ${Object.keys(posts).filter((key) => posts[key] === '' && expectLabelled(key)).join(', ')}`,
        timeoutMs,
      );
      Object.assign(seen, now);
      if (atBottom) break;
      atBottom = await this.scrollBy(0.8);
      await sleep(80);
    }
    await this.scrollTo('top');
    return seen;
  }

  /** Scrolls down from the top until `selector` is in the DOM (a virtual scroller mounts it), then centres it. */
  async scrollUntilPresent(selector: string): Promise<void> {
    await this.scrollTo('top');
    await sleep(100);
    for (let atBottom = false; ; ) {
      const present = await this.driver.evaluateWith((s) => document.querySelector(s) !== null, selector);
      if (present) break;
      if (atBottom) throw new Error(`${selector} never mounted`);
      atBottom = await this.scrollBy(0.5);
      await sleep(100);
    }
    await this.driver.evaluateWith((s) => document.querySelector(s)!.scrollIntoView({ block: 'center' }), selector);
    await sleep(150);
  }

  /** Selector of the first #Protokoll link in the post with this key. */
  protokollLink(key: string): string {
    return `${containerSelectorOf(this.spec, key)} a[href$="/tags/Protokoll" i]`;
  }

  /** Keys of posts showing a #Protokoll link a reader can point at now (not inert, on screen). */
  hoverableKeys(): Promise<string[]> {
    return this.driver.evaluateWith(({ container, key }: KeyArgs) => {
      const keys: string[] = [];
      [...document.querySelectorAll(container)].forEach((element, index) => {
        const link = element.querySelector('a[href$="/tags/Protokoll" i]');
        if (!link || link.closest('[inert]')) return;
        const rect = link.getBoundingClientRect();
        if (rect.top < 60 || rect.bottom > window.innerHeight) return;
        keys.push(key === 'position' ? String(index) : key === 'element-id' ? element.id : element.querySelector('article[data-state-post-id]')!.getAttribute('data-state-post-id')!);
      });
      return keys;
    }, { container: this.spec.container, key: this.spec.key });
  }

  async tooltip(): Promise<{ count: number; hosts: number; text: string }> {
    return this.driver.evaluateWith((host) => {
      const hosts = document.querySelectorAll(host);
      const tooltips = [...hosts].flatMap((h) => [...(h.shadowRoot?.querySelectorAll('[role="tooltip"]') ?? [])]);
      return { hosts: hosts.length, count: tooltips.length, text: tooltips.map((t) => t.textContent ?? '').join(' | ') };
    }, TOOLTIP_HOST);
  }

  waitForTooltip(visible: boolean, timeoutMs = 5_000) {
    return waitUntil(
      () => this.tooltip(),
      (state) => state.count > 0 === visible,
      () => `the tooltip did not ${visible ? 'appear' : 'disappear'}`,
      timeoutMs,
    );
  }

  /** Hovers the post's #Protokoll link and returns the tooltip once it shows. */
  async hoverProtokoll(key: string) {
    await this.driver.evaluateWith((selector) => document.querySelector(selector)?.scrollIntoView({ block: 'center' }), this.protokollLink(key));
    await sleep(100);
    await this.driver.hover(this.protokollLink(key));
    return this.waitForTooltip(true);
  }

  async dismissTooltip(): Promise<void> {
    await this.driver.press('Escape');
    await this.driver.mouseMove(1, 1);
    await this.waitForTooltip(false);
  }
}
