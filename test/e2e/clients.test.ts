import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientSeedPosts } from '../fixtures/clients/seed-client-posts';
import { startTimelineServer } from '../fixtures/timeline/serve';
import { BROWSERS, type BrowserSession, type PageDriver } from './support/browser-session';
import { extensionTouched, requestsOutside } from './support/page-checks';
import { startNetworkSentinel, type NetworkSentinel } from './support/network-sentinel';
import { ClientPage, type ClientPageSpec } from './pages/client-page';
import { sleep } from './support/wait';

const CATEGORY_NAMES: Record<string, string> = {
  legislation: 'Legislation',
  network_protocol: 'Network protocol',
  civic_recruiting: 'Civic recruiting',
  other: 'Other / unclear',
};

const POSTS = clientSeedPosts();
const WITH_WARNING = POSTS.findIndex((post) => post.spoilerText !== '');

const CLIENTS: Record<'lmst' | 'elk' | 'phanpy', ClientPageSpec> = {
  lmst: { path: '/lmst/tags/Protokoll', container: '#timeline-root .statusesList > .status', key: 'position', scroller: null },
  elk: { path: '/elk/demo.social/tags/Protokoll', container: '[aria-roledescription="status-card"]', key: 'element-id', scroller: null },
  phanpy: { path: '/phanpy/#/demo.social/t/Protokoll', container: '#hashtag-page ul.timeline > li', key: 'article-key', scroller: '#hashtag-page' },
};

/** The post behind a content warning, by the key each client's page names it with. */
const WARNING_KEY = { lmst: String(WITH_WARNING), elk: `status-${POSTS[WITH_WARNING]!.id}`, phanpy: `demo.social/${POSTS[WITH_WARNING]!.id}` };

describe.each(Object.entries(BROWSERS))('in %s', (_name, launch) => {
  let server: Awaited<ReturnType<typeof startTimelineServer>>;
  let sentinel: NetworkSentinel;
  let session: BrowserSession;
  const drivers: PageDriver[] = [];

  beforeAll(async () => {
    server = await startTimelineServer();
    sentinel = await startNetworkSentinel();
    session = await launch({ sentinel, viewport: { width: 1000, height: 1200 } });
  });

  afterAll(async () => {
    await session?.close();
    await sentinel?.close();
    await server?.close();
  });

  async function open(spec: ClientPageSpec): Promise<ClientPage> {
    const driver = await session.newPage();
    drivers.push(driver);
    await driver.goto(`${server.origin}${spec.path}`);
    return new ClientPage(driver, spec);
  }

  /** Every post is labelled once a reader scrolled past it, on the client's own post container only. */
  async function readAll(page: ClientPage, warningHidesBody: boolean) {
    const labels = await page.readThrough((key) => !(warningHidesBody && key === WARNING_KEY[clientOf(page)]));
    expect(Object.keys(labels)).toHaveLength(POSTS.length);
    for (const [key, label] of Object.entries(labels)) {
      if (warningHidesBody && key === WARNING_KEY[clientOf(page)]) expect(label).toBe('');
      else expect(Object.keys(CATEGORY_NAMES)).toContain(label);
    }
    // Back at the top, a virtualised client mounts new nodes: they are labelled again, on its containers only.
    await expect.poll(async () => (await page.labelledElements()).total, { timeout: 5_000 }).toBeGreaterThan(0);
    const labelled = await page.labelledElements();
    expect(labelled.onContainers).toBe(labelled.total);
    return labels;
  }

  const clientOf = (page: ClientPage) => (Object.keys(CLIENTS) as (keyof typeof CLIENTS)[]).find((name) => CLIENTS[name] === page.spec)!;

  async function expectOneTooltip(page: ClientPage, key: string, labels: Record<string, string>) {
    const tooltip = await page.hoverProtokoll(key);
    expect(tooltip).toMatchObject({ hosts: 1, count: 1 });
    expect(tooltip.text).toContain(CATEGORY_NAMES[labels[key]!]);
    await page.dismissTooltip();
  }

  describe('lmst', () => {
    let page: ClientPage;
    let labels: Record<string, string>;
    beforeAll(async () => {
      page = await open(CLIENTS.lmst);
    });

    it('labels each post on its .status, except a sensitive one lmst has not revealed', async () => {
      labels = await readAll(page, true);
    });

    it('shows exactly one tooltip with the context on a #Protokoll link', async () => {
      const [key] = await page.hoverableKeys();
      await expectOneTooltip(page, key!, labels);
    });

    it('labels a sensitive post once revealed', async () => {
      await page.driver.click(`${CLIENTS.lmst.container}:nth-child(${WITH_WARNING + 1}) .showSensitiveContent`);
      await expect.poll(async () => (await page.posts())[WARNING_KEY.lmst], { timeout: 5_000 }).toMatch(/\w+/);
    });

    it('keeps labels and one tooltip host when lmst detaches the page and re-attaches it from its cache', async () => {
      await page.scrollTo('top');
      await page.driver.click('nav a[href$="/lmst/"]');
      expect(Object.keys(await page.posts())).toHaveLength(0);
      await page.driver.click('nav a[href$="/tags/Protokoll"]');
      const again = await page.posts();
      for (const [key, label] of Object.entries(labels)) if (label) expect(again[key]).toBe(label);
      const [key] = await page.hoverableKeys();
      await expectOneTooltip(page, key!, labels);
    });
  });

  describe('Elk', () => {
    let page: ClientPage;
    let labels: Record<string, string>;
    beforeAll(async () => {
      page = await open(CLIENTS.elk);
    });

    it('labels each status card scrolled past, except one behind a collapsed content warning', async () => {
      labels = await readAll(page, true);
    });

    it('shows exactly one tooltip with the context on a #Protokoll link', async () => {
      const [key] = await page.hoverableKeys();
      await expectOneTooltip(page, key!, labels);
    });

    it('labels a card the virtual scroller unmounted and mounted anew, without a second tooltip host', async () => {
      const [key] = await page.hoverableKeys();
      await page.driver.evaluateWith((id) => ((window as unknown as { hcOldCard: Element | null }).hcOldCard = document.getElementById(id)), key!);
      await page.scrollTo('bottom');
      await sleep(400);
      expect(await page.driver.evaluateWith((id) => document.getElementById(id), key!)).toBeNull();
      await page.scrollTo('top');
      await expect.poll(async () => (await page.posts())[key!], { timeout: 5_000 }).toBe(labels[key!]);
      const fresh = await page.driver.evaluateWith(
        (id) => document.getElementById(id) !== (window as unknown as { hcOldCard: Element | null }).hcOldCard,
        key!,
      );
      expect(fresh).toBe(true);
      await expectOneTooltip(page, key!, labels);
    });

    it('labels a post behind a content warning once expanded', async () => {
      const selector = `#${WARNING_KEY.elk} button[aria-expanded]`;
      await page.scrollUntilPresent(selector);
      await page.driver.click(selector);
      await expect.poll(async () => (await page.posts())[WARNING_KEY.elk], { timeout: 5_000 }).toMatch(/\w+/);
    });
  });

  describe('Phanpy', () => {
    let page: ClientPage;
    let labels: Record<string, string>;
    beforeAll(async () => {
      page = await open(CLIENTS.phanpy);
    });

    it('labels each timeline item, a post behind a closed content warning too (its body is in the DOM)', async () => {
      labels = await readAll(page, false);
    });

    it('shows exactly one tooltip with the context on a #Protokoll link', async () => {
      const [key] = await page.hoverableKeys();
      await expectOneTooltip(page, key!, labels);
    });

    it('shows the tooltip in a content-warned post once the reader opens it', async () => {
      const article = `article[data-state-post-id="${WARNING_KEY.phanpy}"]`;
      await page.driver.evaluateWith((s) => document.querySelector(s)?.scrollIntoView({ block: 'center' }), article);
      await sleep(200);
      expect(await page.driver.evaluateWith((s) => document.querySelector(`${s} a[href$="/tags/Protokoll" i]`)?.closest('[inert]') != null, article)).toBe(true);
      await page.driver.click(`${article} .spoiler-button`);
      await expectOneTooltip(page, WARNING_KEY.phanpy, labels);
    });
  });

  it('tells the clients apart: each page is labelled only on its own client’s post containers', async () => {
    for (const [name, spec] of Object.entries(CLIENTS)) {
      const driver = drivers.find((d) => d.requestedUrls[0]?.includes(spec.path.split('#')[0]!));
      expect(driver, name).toBeDefined();
      const labelled = await new ClientPage(driver!, spec).labelledElements();
      expect(labelled.total, name).toBeGreaterThan(0);
      expect(labelled.onContainers, name).toBe(labelled.total);
    }
  });

  it('leaves a single-page app that looks like the clients but is none of them untouched', async () => {
    const driver = await session.newPage();
    await driver.goto(`${server.origin}/lookalike/tags/Protokoll`);
    await sleep(1_000);
    await driver.hover('a[href="/tags/Protokoll"]');
    await sleep(500);
    expect(await extensionTouched(driver)).toBe(false);
    await driver.close();
  });

  it('made no network request beyond the fixture pages', () => {
    expect(sentinel.unexplainedRequests()).toEqual([]);
    for (const driver of drivers) {
      const outside = requestsOutside(driver, server.origin);
      expect(outside).toEqual([]);
    }
    expect(session.backgroundRequestedUrls).toEqual([]);
  });
});
