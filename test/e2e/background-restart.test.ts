import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolbarIcon } from './pages/extension-pages';
import type { TimelinePage } from './pages/timeline-page';
import { BROWSERS, launchChromium, type BrowserSession, type PageDriver } from './support/browser-session';
import { openTimeline, type TimelineSession } from './support/timeline-session';
import { waitUntil } from './support/wait';

interface Demo {
  appendPosts(posts: { id: string; text: string }[]): string[];
  posts(): { text: string }[];
}

/** Appends six posts with new ids (so nothing is cached in the page) and scrolls to them; their ids. */
const appendNew = (driver: PageDriver, prefix: string) =>
  driver.evaluateWith((prefix) => {
    const demo = (window as unknown as { __demo: Demo }).__demo;
    const texts = demo.posts().map((post) => post.text);
    const ids = demo.appendPosts(texts.slice(0, 6).map((text, i) => ({ id: `${prefix}${i}`, text })));
    document.querySelector(`article[data-id="${ids[0]}"]`)!.scrollIntoView();
    return ids;
  }, prefix);

/** How many of these posts carry a label. */
const labelled = (driver: PageDriver, ids: string[]) =>
  driver.evaluateWith((ids) => ids.filter((id) => document.querySelector(`article[data-id="${id}"]`)?.hasAttribute('data-hc-category')).length, ids);

/**
 * Chrome stops an idle extension service worker (after 30 s), which closes the content script's
 * classify port: posts that arrive afterwards must still be labelled, on a new port.
 */
describe('the service worker stopped between two batches (Chromium)', () => {
  let page: TimelineSession;
  let session: BrowserSession;
  let driver: PageDriver;
  let timeline: TimelinePage;

  beforeAll(async () => {
    page = await openTimeline(launchChromium, { viewport: { width: 1000, height: 900 } });
    ({ session, driver, timeline } = page);
    await timeline.waitForLabels(3);
  });

  afterAll(() => page?.close());

  it('labels posts that arrive after the worker stopped, and again after a second stop', async () => {
    for (const prefix of ['8200000000000000', '8300000000000000']) {
      await session.stopBackground!();
      const ids = await appendNew(driver, prefix);
      const count = await waitUntil(
        () => labelled(driver, ids),
        (n) => n === ids.length,
        (n) => `${n} of ${ids.length} posts labelled after the service worker stopped`,
      );
      expect(count).toBe(ids.length);
    }
  });
});

/**
 * Both browsers close the extension ports of a page that enters the back/forward cache, and do not tell the page.
 * A reader who follows a link and comes Back gets the same page, script and all: posts that arrive then must
 * still be labelled (on a new port), and the toolbar icon must count them.
 */
describe.each(Object.entries(BROWSERS))('the page came back from the back/forward cache (%s)', (_name, launch) => {
  let page: TimelineSession;

  beforeAll(async () => {
    page = await openTimeline(launch, { path: '/tags/Protokoll?cache=allow', backForwardCache: true, viewport: { width: 1000, height: 900 } });
    await page.timeline.waitForLabels(3);
  });

  afterAll(() => page?.close());

  /** Shows or hides legislation posts, as the popup would. */
  const setLegislation = (extensionPage: PageDriver, visibility: 'show' | 'hide') =>
    extensionPage.evaluateWith(async (visibility) => {
      const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as {
        storage: { sync: { set(items: object): Promise<void> } };
      };
      await api.storage.sync.set({ visibility: { legislation: visibility, network_protocol: 'show', civic_recruiting: 'show', other: 'show' } });
    }, visibility);

  it('labels the posts that arrive after Back, counts them on the toolbar icon, and applies a setting changed meanwhile', async () => {
    const { driver, server, session } = page;
    const extensionPage = await session.newPage();
    await extensionPage.goto(session.extensionUrl('/popup.html'));
    await driver.evaluate(() => addEventListener('pageshow', (event) => ((window as unknown as { restored?: boolean }).restored = event.persisted)));
    await driver.goto(`${server.origin}/not-mastodon`);
    await setLegislation(extensionPage, 'hide'); // while the timeline waits in the cache
    await driver.back();
    const restored = await waitUntil(
      () => driver.evaluate(() => (window as unknown as { restored?: boolean }).restored),
      (value) => value !== undefined,
      () => 'the timeline did not come back',
    );
    expect(restored, 'the browser restored the timeline from its back/forward cache').toBe(true);
    const legislationShown = () =>
      driver.evaluate(() => [...document.querySelectorAll('[data-hc-category="legislation"]')].filter((post) => post.getAttribute('data-hc-visibility') !== 'hide').length);
    expect(await waitUntil(legislationShown, (n) => n === 0, (n) => `${n} legislation posts still shown after Back`)).toBe(0);
    // The browser reset the icon when the tab left the page; the restored page says its count again.
    const labelledBefore = await driver.evaluate(() => document.querySelectorAll('[data-hc-category]').length);
    await waitUntil(
      () => toolbarIcon(extensionPage),
      (found) => found?.text === String(labelledBefore),
      (found) => `toolbar icon ${JSON.stringify(found)} after Back, ${labelledBefore} posts labelled`,
    );

    const ids = await appendNew(driver, '840000000000000');
    expect(await waitUntil(() => labelled(driver, ids), (n) => n === ids.length, (n) => `${n} of ${ids.length} posts labelled after Back`)).toBe(ids.length);

    const labelledAll = await driver.evaluate(() => document.querySelectorAll('[data-hc-category]').length);
    const icon = await waitUntil(
      () => toolbarIcon(extensionPage),
      (found) => found?.text === String(labelledAll),
      (found) => `toolbar icon ${JSON.stringify(found)}, ${labelledAll} posts labelled`,
    );
    expect(icon?.title).toContain(String(labelledAll));
    expect(await legislationShown()).toBe(0);
    await setLegislation(extensionPage, 'show');
    await extensionPage.close();
  });

});
