import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelinePage } from './pages/timeline-page';
import { launchChromium, type BrowserSession, type PageDriver } from './support/browser-session';
import { openTimeline, type TimelineSession } from './support/timeline-session';
import { waitUntil } from './support/wait';

interface Demo {
  appendPosts(posts: { id: string; text: string }[]): string[];
  posts(): { text: string }[];
}

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

  /** Appends posts with new ids (so nothing is cached in the page) and scrolls to them; their ids. */
  const appendNew = (prefix: string) =>
    driver.evaluateWith((prefix) => {
      const demo = (window as unknown as { __demo: Demo }).__demo;
      const texts = demo.posts().map((post) => post.text);
      const ids = demo.appendPosts(texts.slice(0, 6).map((text, i) => ({ id: `${prefix}${i}`, text })));
      document.querySelector(`article[data-id="${ids[0]}"]`)!.scrollIntoView();
      return ids;
    }, prefix);

  const labelled = (ids: string[]) =>
    driver.evaluateWith((ids) => ids.filter((id) => document.querySelector(`article[data-id="${id}"]`)?.hasAttribute('data-hc-category')).length, ids);

  it('labels posts that arrive after the worker stopped, and again after a second stop', async () => {
    for (const prefix of ['8200000000000000', '8300000000000000']) {
      await session.stopBackground!();
      const ids = await appendNew(prefix);
      const count = await waitUntil(
        () => labelled(ids),
        (n) => n === ids.length,
        (n) => `${n} of ${ids.length} posts labelled after the service worker stopped`,
      );
      expect(count).toBe(ids.length);
    }
  });
});
