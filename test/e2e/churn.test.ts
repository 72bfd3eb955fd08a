import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelinePage } from './pages/timeline-page';
import { BROWSERS, type PageDriver } from './support/browser-session';
import { openTimeline, type TimelineSession } from './support/timeline-session';
import { sleep, waitUntil } from './support/wait';

const STREAMED = 2_000;
const BATCH = 100;

interface Demo {
  appendPosts(posts: { id: string; text: string }[]): string[];
  posts(): { text: string }[];
  count(): number;
}

/**
 * 2,000 posts streamed into a timeline and scrolled through with Mastodon's off-screen swap on:
 * every post on screen ends up labelled once, and the extension leaves no tooltips or listeners behind.
 */
describe.each(Object.entries(BROWSERS))('churn in %s', (_name, launch) => {
  let page: TimelineSession;
  let driver: PageDriver;
  let timeline: TimelinePage;

  beforeAll(async () => {
    page = await openTimeline(launch, { viewport: { width: 1000, height: 900 } });
    ({ driver, timeline } = page);
    await timeline.waitForVisibleProtokollLinks(1);
  });

  /**
   * A long jump through 2,000 posts makes the page swap hundreds of them in and out, which holds up
   * its timers (measured: 4 s, with or without the extension). Hover only once a timer runs on time.
   */
  const waitForPageIdle = () =>
    waitUntil(
      () => driver.evaluate(() => new Promise<number>((resolve) => { const start = performance.now(); setTimeout(() => resolve(performance.now() - start), 50); })),
      (lag) => lag < 150,
      (lag) => `the page stayed busy (a 50 ms timer took ${Math.round(lag)} ms)`,
      20_000,
    );

  /** Streams 2,000 posts in batches (ids starting with `idPrefix`) while scrolling three screens per batch. */
  async function streamPosts(idPrefix: string): Promise<void> {
    for (let start = 0; start < STREAMED; start += BATCH) {
      await driver.evaluateWith(
        ({ start, batch, idPrefix }) => {
          const demo = (window as unknown as { __demo: Demo }).__demo;
          const texts = demo.posts().map((post) => post.text);
          demo.appendPosts(
            Array.from({ length: batch }, (_, i) => ({ id: `${idPrefix}${String(start + i).padStart(6, '0')}`, text: texts[(start + i) % texts.length]! })),
          );
          window.scrollBy(0, window.innerHeight * 3);
        },
        { start, batch: BATCH, idPrefix },
      );
      await sleep(30);
    }
  }

  afterAll(() => page?.close());

  it('labels every post on screen after 2,000 streamed posts, without piling up tooltips or listeners', async () => {
    const before = await driver.domCounters();
    await streamPosts('80000000000');
    expect(await driver.evaluate(() => (window as unknown as { __demo: Demo }).__demo.count())).toBeGreaterThanOrEqual(STREAMED);

    // Open the tooltip on a few posts on the way back up (by focus: hovering is tested elsewhere):
    // one tooltip host, one tooltip, whatever happened before.
    for (const y of [0.75, 0.5, 0.25]) {
      await driver.evaluateWith((f) => window.scrollTo(0, document.documentElement.scrollHeight * f), y);
      await waitForPageIdle();
      const onScreen = await timeline.waitForVisibleProtokollLinks(1);
      await driver.focus(timeline.protokollLink(onScreen[0]!));
      expect(await timeline.waitForTooltip(true, onScreen[0])).toMatchObject({ hosts: 1, count: 1 });
    }
    await driver.press('Escape');

    const unlabelledOnScreen = () =>
      driver.evaluate(() =>
        [...document.querySelectorAll('article')].filter((article) => {
          const { top, bottom } = article.getBoundingClientRect();
          return top < window.innerHeight && bottom > 0 && article.querySelector('.status') && !article.hasAttribute('data-hc-category');
        }).length,
      );
    await waitUntil(unlabelledOnScreen, (n) => n === 0, (n) => `${n} posts on screen are not labelled`);

    // Context chips: one host at most per post, and none left in posts the page swapped out.
    const chipHosts = () =>
      driver.evaluate(() => {
        const hosts = [...document.querySelectorAll('hashtag-context-chips')];
        const articles = new Set(hosts.map((host) => host.closest('article')));
        return { duplicates: hosts.length - articles.size, inSwappedOut: hosts.filter((host) => !host.closest('article')?.querySelector('.status')).length };
      });
    await waitUntil(chipHosts, (hosts) => hosts.duplicates === 0 && hosts.inSwappedOut === 0, (hosts) => `chip hosts: ${JSON.stringify(hosts)}`);

    const after = await driver.domCounters();
    if (before && after) {
      // Every article the page added keeps its own listeners; the extension adds none per post.
      const perPost = (after.jsEventListeners - before.jsEventListeners) / STREAMED;
      const articles = await driver.evaluate(() => document.querySelectorAll('article').length);
      expect(articles).toBeGreaterThanOrEqual(STREAMED);
      expect(perPost).toBeLessThan(0.05);
    }
  });

  it('keeps chip hosts to the posts near the viewport on a 2,000-post timeline the page never swaps out, and every post in view has its chip', async () => {
    await driver.goto(`${page.server.origin}/tags/Protokoll?swap=off`);
    await timeline.waitForVisibleProtokollLinks(1);
    await streamPosts('81000000000');
    await driver.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight * 0.5));
    await waitForPageIdle();

    /** Chip hosts, labelled posts, posts within one viewport of the visible area, and #Protokoll links in view without a chip. */
    const census = () =>
      driver.evaluate(() => {
        const articles = [...document.querySelectorAll('article[data-id]')];
        const height = window.innerHeight;
        const near = articles.filter((article) => {
          const { top, bottom } = article.getBoundingClientRect();
          return bottom >= -height && top <= 2 * height;
        });
        const inView = articles.filter((article) => {
          const { top, bottom } = article.getBoundingClientRect();
          return article.hasAttribute('data-hc-category') && top < height && bottom > 0;
        });
        const watchedLinks = (article: Element) =>
          [...article.querySelectorAll<HTMLAnchorElement>('.status__content__text a, .hashtag-bar a')].filter((a) => /^\/tags\/protokoll$/i.test(new URL(a.href).pathname));
        const chipless = inView.filter(
          (article) =>
            watchedLinks(article).length > 0 &&
            ![...article.querySelectorAll('hashtag-context-chips')].some((host) => host.shadowRoot?.querySelector('button.hc-chip[data-tag="protokoll"]')),
        );
        return {
          articles: articles.length,
          labelled: document.querySelectorAll('article[data-hc-category]').length,
          swappedOut: articles.filter((article) => !article.querySelector('.status')).length,
          near: near.length,
          inView: inView.length,
          hosts: document.querySelectorAll('hashtag-context-chips').length,

          chipless: chipless.map((article) => article.getAttribute('data-id')),
        };
      });
    const counts = await waitUntil(
      census,
      (c) => c.labelled > STREAMED * 0.9 && c.inView > 0 && c.chipless.length === 0 && c.hosts <= c.near,
      (c) => `chip hosts: ${JSON.stringify(c)}`,
      30_000,
    );
    console.info(`[churn e2e] ${counts.labelled} labelled posts, ${counts.near} within one viewport of the visible area, ${counts.hosts} chip hosts`);
    expect(counts.articles).toBeGreaterThanOrEqual(STREAMED);
    expect(counts.swappedOut).toBe(0); // every post stays rendered: only the band bounds the hosts
    expect(counts.labelled).toBeGreaterThan(STREAMED * 0.9);
    expect(counts.hosts).toBeGreaterThan(0);
    expect(counts.hosts).toBeLessThan(counts.labelled / 20);
  });
});
