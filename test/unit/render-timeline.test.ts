// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  renderMastodonTimeline,
  timelineCore,
  timelineRuntimeSource,
  type TimelinePost,
} from '../fixtures/timeline/render-timeline';
import { loadSeedPosts, renderSeedTimeline } from '../fixtures/timeline/seed-timeline';

const HOSTILE = `Achtung <script>alert(1)</script> & "zitiert" 'einfach' javascript:alert(document.cookie) <img src=x onerror=alert(2)> </script><!-- #Protokoll`;

const POSTS: TimelinePost[] = [
  {
    id: '113000000000000011',
    text: 'Das #Protokoll der Sitzung steht online: https://example.org/protokolle/2025/sitzung-vom-elften-juni.pdf\nDanke @jana und @max@chaos.social!\n\n#Verein #Ehrenamt #Sitzung #Protokoll #Mitmachen #Ulm',
    tag: 'Protokoll',
    lang: 'de',
    author: { name: 'Verein Nord', acct: 'verein' },
    remote: false,
  },
  {
    id: '113000000000000010',
    text: HOSTILE,
    tag: 'Protokoll',
    lang: 'de',
    author: { name: 'Eve "<b>bold</b>"', acct: 'eve' },
    remote: false,
  },
  {
    id: '113000000000000009',
    text: 'Matrix ist ein offenes #Protokoll, siehe netzpolitik.org/2024/matrix-messenger-im-vergleich/ und ＃Föderation #Flüchtlinge',
    tag: 'Protokoll',
    lang: 'de',
    remote: true,
  },
  {
    id: '113000000000000008',
    text: 'Inhalt hinter der Warnung #Protokoll\n\n#Krieg #Nahost',
    tag: 'Protokoll',
    spoilerText: 'Krieg <Gewalt> & "mehr"',
    remote: false,
  },
  {
    id: '113000000000000007',
    text: 'Geteilter Beitrag ohne den Tag im Text',
    tag: 'Protokoll',
    lang: 'de',
    boostedBy: { name: 'Rike', acct: 'rike' },
    remote: false,
  },
];

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

function article(doc: Document, statusId: string): Element {
  const status = doc.querySelector(`.status[data-id="${statusId}"]`);
  if (!status) throw new Error(`no status ${statusId}`);
  return status.closest('article')!;
}

describe('renderMastodonTimeline', () => {
  let html: string;
  let doc: Document;
  beforeAll(() => {
    html = renderMastodonTimeline(POSTS, { tagName: 'Protokoll' });
    doc = parse(html);
  });

  it('renders the Mastodon app shell of a logged-out hashtag timeline', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(doc.body.className).toBe('app-body theme-default no-reduce-motion');
    const root = doc.querySelector('div#mastodon.notranslate.app-holder')!;
    expect(root).not.toBeNull();
    expect(JSON.parse(root.getAttribute('data-props')!)).toEqual({ locale: 'de' });
    expect(html).toContain('data-props="{&quot;locale&quot;:&quot;de&quot;}"');
    expect(doc.querySelector('meta[name="theme-color"]')).not.toBeNull();
    const state = JSON.parse(doc.querySelector('script#initial-state[type="application/json"]')!.textContent!);
    expect(state.meta).toMatchObject({ domain: 'demo.social', version: '4.4.3', locale: 'de' });
    expect(typeof state.meta.title).toBe('string');
    expect(html).not.toContain('access_token');
    expect(doc.querySelector('.column-header__title')!.textContent).toBe('Protokoll');
    expect(doc.querySelector('.hashtag-header h1')!.textContent).toBe('#Protokoll');
    const css = doc.querySelector('style')!.textContent!;
    for (const v of ['--background-color', '--surface-background-color', '--dropdown-background-color', '--dropdown-border-color', '--on-surface-color']) {
      expect(css).toContain(v);
    }
  });

  it('applies the requested theme', () => {
    const light = parse(renderMastodonTimeline(POSTS.slice(0, 1), { theme: 'mastodon-light', title: 'Test' }));
    expect(light.body.classList.contains('theme-mastodon-light')).toBe(true);
    expect(light.title).toBe('Test');
    const system = parse(renderMastodonTimeline(POSTS.slice(0, 1), { theme: 'system' }));
    expect(system.body.classList.contains('theme-system')).toBe(true);
    expect(system.querySelector('style')!.textContent).toContain('prefers-color-scheme: light');
  });

  it('renders one article per post in the feed with ids and positions', () => {
    const feed = doc.querySelector('div.scrollable > div.item-list[role="feed"]')!;
    const articles = Array.from(feed.querySelectorAll(':scope > article'));
    expect(articles).toHaveLength(POSTS.length);
    articles.forEach((a, i) => {
      expect(a.getAttribute('aria-posinset')).toBe(String(i + 1));
      expect(a.getAttribute('aria-setsize')).toBe(String(POSTS.length));
      expect(a.getAttribute('tabindex')).toBe('-1');
      const wrapper = a.querySelector(':scope > div.status__wrapper.status__wrapper-public.focusable')!;
      expect(wrapper.getAttribute('tabindex')).toBe('0');
      expect(wrapper.getAttribute('aria-label')).toBeTruthy();
      expect(wrapper.hasAttribute('data-nosnippet')).toBe(true);
      const status = wrapper.querySelector(':scope > div.status.status-public[data-id]')!;
      expect(status.getAttribute('data-id')).toBe(POSTS[i]!.id);
    });
    // Not boosted: article id = status id.
    expect(articles[0]!.getAttribute('data-id')).toBe(POSTS[0]!.id);
  });

  it('renders the status header', () => {
    const a = article(doc, POSTS[0]!.id);
    const time = a.querySelector('a.status__relative-time')!;
    expect(time.getAttribute('href')).toBe(`/@verein/${POSTS[0]!.id}`);
    const name = a.querySelector('a.status__display-name[data-hover-card-account]')!;
    expect(name.getAttribute('title')).toBe('verein');
    expect(name.querySelector('.display-name__html')!.textContent).toBe('Verein Nord');
    expect(name.querySelector('.account__avatar svg')).not.toBeNull();
    expect(a.querySelectorAll('.status__action-bar button').length).toBeGreaterThanOrEqual(4);
    // Remote authors carry their server.
    expect(article(doc, POSTS[2]!.id).querySelector('a.status__display-name')!.getAttribute('title')).toMatch(
      /^[a-z_]+@other\.example$/,
    );
  });

  it('links hashtags like the web UI (relative /tags/ for local posts)', () => {
    const text = article(doc, POSTS[0]!.id).querySelector(
      '.status__content.status__content--with-action > .status__content__text.status__content__text--visible.translate',
    )!;
    expect(text.getAttribute('lang')).toBe('de');
    const tag = text.querySelector('a.mention.hashtag')!;
    expect(tag.getAttribute('href')).toBe('/tags/Protokoll');
    expect(tag.className).toBe('mention hashtag status-link');
    expect(tag.getAttribute('rel')).toBe('nofollow noopener');
    expect(tag.getAttribute('target')).toBe('_blank');
    expect(tag.innerHTML).toBe('#<span>Protokoll</span>');
    // Ordinary link with Mastodon's shortening spans.
    const link = text.querySelector('a.unhandled-link')!;
    expect(link.getAttribute('href')).toBe('https://example.org/protokolle/2025/sitzung-vom-elften-juni.pdf');
    expect(link.querySelector('span.invisible')!.textContent).toBe('https://');
    expect(link.querySelector('span.ellipsis')!.textContent).toBe('example.org/protokolle/2025/si');
    // Mentions.
    const mentions = Array.from(text.querySelectorAll('a.u-url.mention'));
    expect(mentions.map((m) => m.getAttribute('href'))).toEqual(['https://demo.social/@jana', 'https://chaos.social/@max']);
    expect(text.querySelector('br')).not.toBeNull();
  });

  it('varies remote posts: absolute hashtag hrefs, noreferrer, no rel=tag; encodes non-ASCII; bare domains', () => {
    const text = article(doc, POSTS[2]!.id).querySelector('.status__content__text')!;
    const tags = Array.from(text.querySelectorAll('a.mention.hashtag'));
    expect(tags.map((t) => t.getAttribute('href'))).toEqual([
      'https://other.example/tags/Protokoll',
      'https://other.example/tags/F%C3%B6deration',
      'https://other.example/tags/Fl%C3%BCchtlinge',
    ]);
    expect(tags[1]!.textContent).toBe('＃Föderation');
    for (const t of tags) {
      expect(t.getAttribute('rel')).toBe('nofollow noopener noreferrer');
      expect(t.getAttribute('rel')).not.toContain('tag');
    }
    const link = text.querySelector('a.unhandled-link')!;
    expect(link.getAttribute('href')).toBe('https://netzpolitik.org/2024/matrix-messenger-im-vergleich/');
    expect(link.textContent).toBe('https://netzpolitik.org/2024/matrix-messenger-im-vergleich/');
    // Every third post is remote by default.
    const core = timelineCore();
    const ctx = { domain: 'demo.social', remoteDomain: 'other.example', now: 0 };
    expect([0, 1, 2, 3, 4, 5].map((i) => core.normalizePost({ id: String(i), text: '' }, i, ctx).remote)).toEqual([
      false, false, true, false, false, true,
    ]);
  });

  it('moves a hashtag-only last paragraph into the hashtag bar', () => {
    const a = article(doc, POSTS[0]!.id);
    const text = a.querySelector('.status__content__text')!;
    expect(text.querySelectorAll('p')).toHaveLength(1);
    expect(text.textContent).not.toContain('#Ehrenamt');
    const bar = a.querySelector('.status__content + .hashtag-bar')!;
    const links = Array.from(bar.querySelectorAll('a'));
    // #Protokoll is in the body, so the bar holds the other five; three shown.
    expect(links.map((l) => l.getAttribute('href'))).toEqual(['/tags/Verein', '/tags/Ehrenamt', '/tags/Sitzung']);
    expect(links[0]!.className).toBe('');
    expect(links[0]!.innerHTML).toBe('#<span>Verein</span>');
    expect(bar.querySelector('button.link-button')!.textContent).toBe('…and 2 more');
    // The timeline tag missing from the text shows up in the bar (status.tags).
    const boosted = article(doc, POSTS[4]!.id);
    expect(Array.from(boosted.querySelectorAll('.hashtag-bar a')).map((l) => l.textContent)).toEqual(['#Protokoll']);
    // A post that is only hashtags keeps them in the content.
    const f = timelineCore().formatContent('#nur #tags');
    expect(f.barTags).toEqual([]);
    expect(f.html).toContain('/tags/nur');
  });

  it('escapes hostile text so it stays text', () => {
    const a = article(doc, POSTS[1]!.id);
    const text = a.querySelector('.status__content__text')!;
    expect(text.querySelector('script, img, b')).toBeNull();
    expect(doc.querySelectorAll('img[src="x"]')).toHaveLength(0);
    expect(text.textContent).toContain('<script>alert(1)</script>');
    expect(text.textContent).toContain('"zitiert"');
    expect(text.textContent).toContain("'einfach'");
    expect(text.textContent).toContain('javascript:alert(document.cookie)');
    expect(text.textContent).toContain('</script><!--');
    expect(text.querySelectorAll('a[href^="javascript"]')).toHaveLength(0);
    const name = a.querySelector('.display-name__html')!;
    expect(name.textContent).toBe('Eve "<b>bold</b>"');
    expect(name.querySelector('b')).toBeNull();
    expect(a.querySelector('.status__wrapper')!.getAttribute('aria-label')).toContain('<script>alert(1)</script>');
    // The only <script> elements are the two JSON islands and the runtime.
    expect(doc.querySelectorAll('script')).toHaveLength(3);
  });

  it('renders a content warning with the body not in the DOM', () => {
    const a = article(doc, POSTS[3]!.id);
    const cw = a.querySelector('.status > div.content-warning')!;
    expect(cw.querySelector('p')!.textContent).toBe('Krieg <Gewalt> & "mehr"');
    expect(cw.querySelector('button.link-button')!.textContent).toBe('Show more');
    expect(a.querySelector('.status__content')).toBeNull();
    expect(a.querySelector('.hashtag-bar')).toBeNull();
    expect(a.querySelectorAll('a[href*="/tags/"]')).toHaveLength(0);
    expect(a.querySelector('.status__action-bar')).not.toBeNull();
  });

  it('renders boosts with the prepend and both ids', () => {
    const a = article(doc, POSTS[4]!.id);
    expect(a.getAttribute('data-id')).not.toBe(POSTS[4]!.id);
    const prepend = a.querySelector('.status__wrapper > .status__prepend + .status')!.previousElementSibling!;
    const booster = prepend.querySelector('a.status__display-name.muted')!;
    expect(booster.getAttribute('href')).toBe('/@rike');
    expect(booster.getAttribute('data-id')).toBe(booster.getAttribute('data-hover-card-account'));
    expect(prepend.textContent).toContain('Rike boosted');
  });

  it('embeds the posts as a JSON island that round-trips', () => {
    const island = doc.querySelector('script#demo-posts[type="application/json"]')!;
    const raw = island.textContent!;
    expect(raw).not.toMatch(/<\/script|<!--/i);
    expect(island.getAttribute('data-tag')).toBe('Protokoll');
    expect(island.getAttribute('data-domain')).toBe('demo.social');
    const data = JSON.parse(raw);
    expect(Array.isArray(data)).toBe(true);
    expect(data).toHaveLength(POSTS.length);
    // The boost's article id is in `articleId`.
    expect(data[4].articleId).toBe(article(doc, POSTS[4]!.id).getAttribute('data-id'));
    data.forEach((p: { id: string; text: string; spoilerText: string; lang: string | null }, i: number) => {
      expect(p.id).toBe(POSTS[i]!.id);
      expect(p.text).toBe(POSTS[i]!.text);
      expect(p.spoilerText).toBe(POSTS[i]!.spoilerText ?? '');
      expect(p.lang).toBe(POSTS[i]!.lang ?? null);
    });
    // The inlined runtime is the file's content (modulo `</script` escaping).
    const runtime = Array.from(doc.querySelectorAll('script')).find((s) => !s.type)!;
    expect(runtime.textContent).toContain('__demo');
    expect(timelineRuntimeSource()).toContain('IntersectionObserver');
  });

  it('rejects duplicate article ids', () => {
    expect(() => renderMastodonTimeline([POSTS[0]!, POSTS[0]!])).toThrow(/duplicate/);
  });
});

describe('seed timeline', () => {
  it('loads all 88 seed posts, #Protokoll first, with numeric ids and fake authors', () => {
    const posts = loadSeedPosts();
    expect(posts).toHaveLength(88);
    expect(posts[0]!.tag).toBe('Protokoll');
    const firstOther = posts.findIndex((p) => p.tag !== 'Protokoll');
    expect(posts.slice(firstOther).every((p) => p.tag !== 'Protokoll')).toBe(true);
    expect(posts[0]!.id).toBe('113000000000000088');
    expect(posts[87]!.id).toBe('113000000000000001');
    expect(new Set(posts.map((p) => p.id)).size).toBe(88);
    expect(posts.every((p) => /^\d{18}$/.test(p.id) && p.author && p.seedId)).toBe(true);
    expect(loadSeedPosts()).toEqual(posts);
  });

  it('renders them all', () => {
    const doc = parse(renderSeedTimeline());
    expect(doc.querySelectorAll('.item-list > article')).toHaveLength(88);
    expect(doc.querySelector('.column-header__title')!.textContent).toBe('Protokoll');
    const hrefs = Array.from(doc.querySelectorAll('.status__content__text a, .hashtag-bar a'))
      .map((a) => a.getAttribute('href')!)
      .filter((h) => /\/tags\//.test(h));
    expect(hrefs.some((h) => h === '/tags/Protokoll')).toBe(true);
    expect(hrefs.some((h) => h.startsWith('https://other.example/tags/'))).toBe(true);
    expect(doc.querySelectorAll('.content-warning').length).toBeGreaterThan(0);
    expect(doc.querySelectorAll('.status__prepend').length).toBeGreaterThan(0);
  });
});

describe('page runtime (happy-dom, fake IntersectionObserver)', () => {
  type Cb = (records: Array<{ target: Element; isIntersecting: boolean }>) => void;
  let observerCb: Cb | undefined;
  const g = globalThis as unknown as Record<string, unknown>;
  const saved = { io: g.IntersectionObserver, ric: g.requestIdleCallback };

  function boot(posts: TimelinePost[]) {
    const parsed = parse(renderMastodonTimeline(posts, { tagName: 'Protokoll' }));
    // Drop the runtime <script>, keep the JSON islands, then run the runtime ourselves.
    parsed.querySelectorAll('script:not([type])').forEach((s) => s.remove());
    document.body.innerHTML = parsed.body.innerHTML;
    g.IntersectionObserver = class {
      constructor(cb: Cb) {
        observerCb = cb;
      }
      observe() {}
      unobserve() {}
      disconnect() {}
    };
    g.requestIdleCallback = (fn: () => void) => setTimeout(fn, 0);
    delete (window as unknown as Record<string, unknown>).__demo;
    new Function(timelineRuntimeSource())();
    return (window as unknown as { __demo: DemoApi }).__demo;
  }

  interface DemoApi {
    count(): number;
    appendPosts(p: TimelinePost[]): string[];
    prependPosts(p: TimelinePost[]): string[];
    setSwapEnabled(on: boolean): void;
    rerender(id: string): boolean;
    translate(id: string, text: string, lang: string): boolean;
    hiddenIds(): string[];
  }

  afterEach(() => {
    g.IntersectionObserver = saved.io;
    g.requestIdleCallback = saved.ric;
    document.body.innerHTML = '';
  });

  const tick = () => new Promise((r) => setTimeout(r, 5));

  it('swaps off-screen articles to the placeholder and rebuilds them', async () => {
    const demo = boot(POSTS);
    const a = document.querySelector('article')!;
    const wrapper = a.querySelector('.status__wrapper')!;
    const oldLink = a.querySelector('a.hashtag');
    expect(oldLink).not.toBeNull();
    observerCb!([{ target: a, isIntersecting: false }]);
    await tick();
    expect(demo.hiddenIds()).toEqual([a.getAttribute('data-id')]);
    expect(a.querySelector('.status')).toBeNull();
    expect(oldLink!.isConnected).toBe(false);
    expect((a as HTMLElement).style.opacity).toBe('0');
    expect((a as HTMLElement).style.overflow).toBe('hidden');
    const spans = Array.from(wrapper.children);
    expect(spans.every((s) => s.tagName === 'SPAN')).toBe(true);
    expect(spans[2]!.textContent).toContain('<a href="/tags/Protokoll"');
    observerCb!([{ target: a, isIntersecting: true }]);
    expect(a.querySelector('.status')).not.toBeNull();
    expect(a.querySelector('a.hashtag')).not.toBe(oldLink);
    expect(a.getAttribute('style')).toBeNull();
    // Disabled swap: nothing happens.
    demo.setSwapEnabled(false);
    observerCb!([{ target: a, isIntersecting: false }]);
    await tick();
    expect(a.querySelector('.status')).not.toBeNull();
  });

  it('expands and collapses a CW, expands the hashtag bar', () => {
    boot(POSTS);
    const cwArticle = document.querySelector(`.status[data-id="${POSTS[3]!.id}"]`)!.closest('article')!;
    const button = cwArticle.querySelector<HTMLButtonElement>('.content-warning button')!;
    button.click();
    expect(cwArticle.querySelector('.status__content__text a.hashtag')).not.toBeNull();
    expect(cwArticle.querySelector('.hashtag-bar')).not.toBeNull();
    expect(button.textContent).toBe('Show less');
    button.click();
    expect(cwArticle.querySelector('.status__content')).toBeNull();
    expect(cwArticle.querySelector('.hashtag-bar')).toBeNull();

    const first = document.querySelector('article')!;
    first.querySelector<HTMLButtonElement>('.hashtag-bar button')!.click();
    expect(first.querySelectorAll('.hashtag-bar a')).toHaveLength(5);
    expect(first.querySelector('.hashtag-bar button')).toBeNull();
  });

  it('streams posts in, re-renders and translates', () => {
    const demo = boot(POSTS);
    expect(demo.count()).toBe(POSTS.length);
    demo.prependPosts([{ id: '2001', text: 'Neu #Protokoll', tag: 'Protokoll', remote: false }]);
    demo.appendPosts([{ id: '2002', text: 'Alt #Protokoll', tag: 'Protokoll' }]);
    expect(demo.count()).toBe(POSTS.length + 2);
    const articles = document.querySelectorAll('article');
    expect(articles[0]!.getAttribute('data-id')).toBe('2001');
    expect(articles[articles.length - 1]!.getAttribute('data-id')).toBe('2002');
    expect(articles[0]!.getAttribute('aria-setsize')).toBe(String(POSTS.length + 2));

    const text = articles[0]!.querySelector('.status__content__text')!;
    const link = text.querySelector('a')!;
    expect(demo.rerender('2001')).toBe(true);
    expect(text.querySelector('a')).not.toBe(link);
    expect(text.querySelector('a')!.getAttribute('href')).toBe('/tags/Protokoll');

    expect(demo.translate('2001', 'New #Protokoll', 'en')).toBe(true);
    expect(text.getAttribute('lang')).toBe('en');
    expect(text.textContent).toBe('New #Protokoll');
  });
});
