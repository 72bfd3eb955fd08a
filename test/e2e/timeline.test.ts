import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLabelsById } from '../fixtures/timeline/seed-timeline';
import { startTimelineServer } from '../fixtures/timeline/serve';
import { BROWSERS, type BrowserSession, type PageDriver } from './support/browser-session';
import { startNetworkSentinel, type NetworkSentinel } from './support/network-sentinel';
import { TimelinePage } from './pages/timeline-page';
import { cachedResultCount } from './pages/extension-pages';
import { extensionTouched, requestsOutside } from './support/page-checks';
import { sleep } from './support/wait';

const CATEGORY_NAMES: Record<string, string> = {
  legislation: 'Legislation',
  network_protocol: 'Network protocol',
  civic_recruiting: 'Civic recruiting',
  other: 'Other / unclear',
};


describe.each(Object.entries(BROWSERS))('in %s', (_name, launch) => {
  let server: Awaited<ReturnType<typeof startTimelineServer>>;
  let sentinel: NetworkSentinel;
  let session: BrowserSession;
  let driver: PageDriver;
  let timeline: TimelinePage;
  let labels: Record<string, string>;
  let seedIds: Map<string, string>;
  /** Posts behind a content warning: not labelled until a reader expands them. */
  let withContentWarning: string[];
  /** Posts at the top of the timeline that show a #Protokoll link, for hovering. */
  let hoverable: string[];

  beforeAll(async () => {
    server = await startTimelineServer();
    sentinel = await startNetworkSentinel();
    session = await launch({ sentinel, viewport: { width: 1000, height: 1800 } });
    driver = await session.newPage();
    timeline = new TimelinePage(driver);
    await driver.goto(server.timelineUrl);
    seedIds = await timeline.seedIdsByArticle();
    withContentWarning = await timeline.postsWithContentWarning();
    await timeline.scrollThrough();
    labels = await timeline.waitForLabels(seedIds.size - withContentWarning.length);
    hoverable = await timeline.waitForVisibleProtokollLinks(3);
  });

  afterAll(async () => {
    await session?.close();
    await sentinel?.close();
    await server?.close();
  });

  it('labels every post a reader scrolls past, mostly with the context a reader would choose', async () => {
    const seedLabels = seedLabelsById();
    const labelled = Object.entries(labels);
    expect(withContentWarning.length).toBeGreaterThan(0);
    expect(labelled).toHaveLength(seedIds.size - withContentWarning.length);
    for (const id of withContentWarning) expect(labels[id]).toBeUndefined();
    for (const [, category] of labelled) expect(Object.keys(CATEGORY_NAMES)).toContain(category);
    const correct = labelled.filter(([id, category]) => seedLabels.get(seedIds.get(id)!) === category).length;
    expect(correct / labelled.length).toBeGreaterThanOrEqual(0.9);
  });

  it('labels a post behind a content warning once the reader expands it', async () => {
    const [postId] = withContentWarning;
    await timeline.expandContentWarning(postId!);
    const expanded = await timeline.waitForLabels(seedIds.size - withContentWarning.length + 1);
    expect(Object.keys(CATEGORY_NAMES)).toContain(expanded[postId!]);
    await driver.evaluate(() => window.scrollTo(0, 0));
    hoverable = await timeline.waitForVisibleProtokollLinks(3); // rebuilt after the off-screen swap
  });

  it('shows a tooltip with context, confidence and reasons on hover, and describes the link', async () => {
    const postId = hoverable[0]!;
    const category = labels[postId];
    await driver.hover(timeline.protokollLink(postId));
    const tooltip = await timeline.waitForTooltip(true, postId);
    expect(tooltip.count).toBe(1);
    expect(tooltip.text).toContain(CATEGORY_NAMES[category!]);
    expect(tooltip.text).toMatch(/\d{1,3} % sure/);
    expect(tooltip.text).toMatch(/Because of .+/);
    expect(tooltip.describedLink).toContain(`Context: ${CATEGORY_NAMES[category!]}`);
  });

  it('keeps the tooltip while the pointer rests on it, and Escape dismisses it', async () => {
    const postId = hoverable[1]!;
    await driver.hover(timeline.protokollLink(postId));
    await timeline.waitForTooltip(true, postId);
    const centre = await timeline.tooltipCentre();
    await driver.mouseMove(centre.x, centre.y);
    await sleep(600);
    expect((await timeline.tooltip()).count).toBe(1);
    await driver.press('Escape');
    const after = await timeline.waitForTooltip(false);
    expect(after.describedLink).toBeNull();
  });

  it('shows the tooltip when the hashtag gets keyboard focus', async () => {
    await driver.mouseMove(1, 1);
    const postId = hoverable[2]!;
    const category = labels[postId];
    await driver.focus(timeline.protokollLink(postId));
    const tooltip = await timeline.waitForTooltip(true, postId);
    expect(tooltip.text).toContain(CATEGORY_NAMES[category!]);
    await driver.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await timeline.waitForTooltip(false);
  });

  it('hides and restores posts of a context from the popup, at once and remembered', async () => {
    const postId = hoverable[0]!;
    const category = labels[postId]!;
    const popup = await session.newPage();
    await popup.goto(session.extensionUrl('/popup.html'));
    await popup.click(`[data-testid="visibility-${category}-hide"]`);
    await expect.poll(() => timeline.isHidden(postId), { timeout: 5_000 }).toBe(true);
    await popup.close();

    const reopened = await session.newPage();
    await reopened.goto(session.extensionUrl('/popup.html'));
    await expect
      .poll(() => reopened.evaluateWith((c) => (document.querySelector(`[data-testid="visibility-${c}-hide"]`) as HTMLInputElement | null)?.checked, category!), { timeout: 5_000 })
      .toBe(true);
    await reopened.click(`[data-testid="visibility-${category}-show"]`);
    await expect.poll(() => timeline.isHidden(postId), { timeout: 5_000 }).toBe(false);
    await reopened.close();
  });

  it('labels a post again after it is scrolled away and back, without a second tooltip', async () => {
    const postId = hoverable[0]!;
    await driver.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await sleep(800);
    const swappedOut = await driver.evaluateWith(
      (id) => document.querySelector(`article[data-id="${id}"] .status`) === null,
      postId,
    );
    expect(swappedOut).toBe(true);
    await driver.evaluate(() => window.scrollTo(0, 0));
    await expect
      .poll(() => driver.evaluateWith((id) => document.querySelector(`article[data-id="${id}"] .status a[href$="/tags/Protokoll" i]`) !== null, postId), { timeout: 5_000 })
      .toBe(true);
    expect((await timeline.labels())[postId]).toBe(labels[postId]);
    await driver.hover(timeline.protokollLink(postId));
    const tooltip = await timeline.waitForTooltip(true, postId);
    expect(tooltip).toMatchObject({ hosts: 1, count: 1 });
    await driver.press('Escape');
  });

  it('records a correction made with the keyboard alone, and keeps it after a reload', async () => {
    const postId = hoverable[2]!;
    const before = labels[postId]!;
    const expected = Object.keys(CATEGORY_NAMES).find((category) => category !== before)!;
    await driver.focus(timeline.protokollLink(postId));
    await timeline.waitForTooltip(true, postId);
    await driver.press('Tab'); // into the tooltip, onto "Wrong? Choose the right context"
    await driver.press('Enter'); // the choices open; focus is on the first other context
    await driver.press('Enter');
    await expect.poll(async () => (await timeline.labels())[postId], { timeout: 5_000 }).toBe(expected);
    const tooltip = await timeline.waitForTooltip(true, postId);
    expect(tooltip.text).toContain(CATEGORY_NAMES[expected]);
    expect(tooltip.text).toContain('your choice');
    await driver.press('Escape');

    await driver.goto(server.timelineUrl);
    await expect.poll(async () => (await timeline.labels())[postId], { timeout: 10_000 }).toBe(expected);
  });

  it('keeps its database in the extension, invisible to the page', async () => {
    const pageDatabases = await driver.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));
    expect(pageDatabases).not.toContain('hashtag-context');
    const extensionPage = await session.newPage();
    await extensionPage.goto(session.extensionUrl('/popup.html'));
    const cached = await cachedResultCount(extensionPage);
    expect(cached).toBeGreaterThanOrEqual(Object.keys(await timeline.labels()).length);
    await extensionPage.close();
  });

  it('leaves a page that is not Mastodon untouched', async () => {
    const page = await session.newPage();
    await page.goto(`${server.origin}/not-mastodon`);
    await sleep(1_000);
    expect(await extensionTouched(page)).toBe(false);
    await page.close();
  });

  it('made no network request in the whole session', () => {
    expect(sentinel.unexplainedRequests()).toEqual([]);
    expect(requestsOutside(driver, server.timelineUrl)).toEqual([]);
    expect(session.backgroundRequestedUrls).toEqual([]);
  });
});
