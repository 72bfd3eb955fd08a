import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelinePage } from './pages/timeline-page';
import { BROWSERS, type PageDriver } from './support/browser-session';
import { openTimeline, type TimelineSession } from './support/timeline-session';
import { waitUntil } from './support/wait';

/**
 * How Mastodon's web UI changes posts under the content script: streaming inserts, translations,
 * React re-renders, boosts, remote posts and tags hidden behind the hashtag bar's "…and N more".
 * The off-screen swap is off here (`?swap=off`): every post stays rendered, so each test looks at one change.
 */
describe.each(Object.entries(BROWSERS))('Mastodon web UI variants in %s', (_name, launch) => {
  let page: TimelineSession;
  let driver: PageDriver;
  let timeline: TimelinePage;
  let labels: Record<string, string>;

  const labelOf = async (articleId: string) => (await timeline.labels())[articleId];

  beforeAll(async () => {
    page = await openTimeline(launch, { viewport: { width: 1000, height: 1200 }, path: '/tags/Protokoll?swap=off' });
    ({ driver, timeline } = page);
    const contentWarnings = await timeline.postsWithContentWarning();
    labels = await timeline.waitForLabels((await timeline.seedIdsByArticle()).size - contentWarnings.length);
  });

  afterAll(() => page?.close());

  it('labels a post streamed in at the top of the timeline', async () => {
    const [id] = await driver.evaluate(() =>
      (window as unknown as { __demo: { prependPosts(posts: unknown[]): string[] } }).__demo.prependPosts([
        {
          id: '990000000000000001',
          text: 'Der Bundestag hat das #Protokoll der Ausschusssitzung zur #Chatkontrolle veröffentlicht: Die Abstimmung über die Verordnung ist vertagt.',
        },
      ]),
    );
    await expect.poll(() => labelOf(id!), { timeout: 5_000 }).toBe('legislation');
  });

  it('labels a post again when its text is replaced by a translation', async () => {
    const id = Object.entries(labels).find(([, category]) => category === 'legislation')![0];
    await driver.evaluateWith(
      (articleId) =>
        (window as unknown as { __demo: { translate(id: string, text: string, lang: string): boolean } }).__demo.translate(
          articleId,
          'XMPP is a free, open protocol: run your own server, federate with every other server, and pick any client. #Protokoll #XMPP #Jabber',
          'en',
        ),
      id,
    );
    await expect.poll(() => labelOf(id), { timeout: 5_000 }).toBe('network_protocol');
  });

  it('keeps the label and one tooltip when React re-renders a post with fresh nodes', async () => {
    const [id] = await timeline.waitForVisibleProtokollLinks(1);
    const before = await labelOf(id!);
    expect(before).toBeDefined();
    await driver.evaluateWith(
      (articleId) => (window as unknown as { __demo: { rerender(id: string): boolean } }).__demo.rerender(articleId),
      id!,
    );
    await driver.hover(timeline.protokollLink(id!));
    const tooltip = await timeline.waitForTooltip(true, id);
    expect(tooltip).toMatchObject({ hosts: 1, count: 1 });
    expect(await labelOf(id!)).toBe(before);
    await driver.press('Escape');
  });

  it('labels boosts on the timeline item, and reads the boosted post, not the booster', async () => {
    const boosts = await driver.evaluate(() =>
      [...document.querySelectorAll('article')]
        .filter((article) => article.querySelector('.status__prepend'))
        .map((article) => ({ article: article.getAttribute('data-id')!, status: article.querySelector('.status')!.getAttribute('data-id')! })),
    );
    expect(boosts.length).toBeGreaterThan(0);
    for (const boost of boosts) {
      expect(boost.status).not.toBe(boost.article);
      expect(['legislation', 'network_protocol', 'civic_recruiting', 'other']).toContain(labels[boost.article]);
    }
    // The same posts again, not boosted: each must get the label its boost got (the booster's line is not read).
    const copies = await driver.evaluateWith((statusIds) => {
      interface Model { id: string; text: string; tag: string | null; lang: string | null; author: unknown; remote: boolean }
      const demo = (window as unknown as { __demo: { posts(): Model[]; appendPosts(posts: unknown[]): string[] } }).__demo;
      const models = demo.posts().filter((post) => statusIds.includes(post.id));
      const plain = models.map((post, i) => ({ id: `7700000000000000${i}`, text: post.text, tag: post.tag, lang: post.lang, author: post.author, remote: post.remote }));
      return demo.appendPosts(plain).map((article, i) => ({ copy: article, of: models[i]!.id }));
    }, boosts.map((boost) => boost.status));
    expect(copies).toHaveLength(boosts.length);
    const after = await waitUntil(
      () => timeline.labels(),
      (now) => copies.every(({ copy }) => now[copy] !== undefined),
      (now) => `${copies.filter(({ copy }) => now[copy] !== undefined).length} of ${copies.length} copies labelled`,
    );
    for (const { copy, of } of copies) {
      const boost = boosts.find((candidate) => candidate.status === of)!;
      expect(after[copy], `copy of ${of}`).toBe(labels[boost.article]);
    }
    // the copies go again: the tests below look at the posts of the timeline as loaded
    await driver.evaluateWith((ids) => ids.forEach((id) => document.querySelector(`article[data-id="${id}"]`)?.remove()), copies.map(({ copy }) => copy));
  });

  it('labels remote posts whose hashtag links carry no rel=tag', async () => {
    const remote = await driver.evaluate(() =>
      [...document.querySelectorAll('article')]
        .filter((article) => [...article.querySelectorAll('.status__content__text a, .hashtag-bar a')].some((a) => /^https:\/\/other\.example\/tags\//.test(a.getAttribute('href') ?? '') && !/\btag\b/.test(a.getAttribute('rel') ?? '')))
        .map((article) => article.getAttribute('data-id')!),
    );
    expect(remote.length).toBeGreaterThan(0);
    for (const id of remote) expect(labels[id]).toBeDefined();
  });

  it('labels posts whose #Protokoll hides behind the hashtag bar’s “…and N more”', async () => {
    const hidden = await driver.evaluate(() =>
      [...document.querySelectorAll('article')]
        .filter((article) => article.querySelector('.hashtag-bar .link-button'))
        .filter((article) => ![...article.querySelectorAll('a')].some((a) => /\/tags\/protokoll$/i.test(a.getAttribute('href') ?? '')))
        .map((article) => article.getAttribute('data-id')!),
    );
    expect(hidden.length).toBeGreaterThan(0);
    for (const id of hidden) expect(labels[id]).toBeDefined();
  });
});
