import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type BrowserSession, type PageDriver } from './support/browser-session';
import type { TimelinePage } from './pages/timeline-page';
import { CHIP_HOST, setExtensionStorage, waitForChipsOnScreen } from './pages/chips';
import { openTimeline, type TimelineSession } from './support/timeline-session';

/**
 * Real Mastodon instances send a content security policy without inline styles (`style-src 'self'`). What the
 * extension puts into the page (the dim and hide rules, the chip hosts, the chips' and the tooltip's styles in
 * their shadow roots) must apply under it all the same; a browser that held content scripts to the page's
 * policy would leave chips unstyled and hidden posts shown.
 */
describe.each(Object.entries(BROWSERS))('under Mastodon’s content security policy in %s', (_name, launch) => {
  let page: TimelineSession;
  let session: BrowserSession;
  let driver: PageDriver;
  let timeline: TimelinePage;

  beforeAll(async () => {
    page = await openTimeline(launch, { path: '/tags/Protokoll?csp=mastodon', viewport: { width: 1000, height: 1800 } });
    ({ session, driver, timeline } = page);
  });

  afterAll(() => page?.close());

  it('is in force: the page itself cannot add an inline style', async () => {
    const applied = await driver.evaluate(() => {
      const probe = document.createElement('style');
      probe.textContent = 'body { outline-color: rgb(1, 2, 3) }';
      document.head.append(probe);
      const color = getComputedStyle(document.body).outlineColor;
      probe.remove();
      return color === 'rgb(1, 2, 3)';
    });
    expect(applied).toBe(false);
  });

  it('labels every post, and its chips and their hosts are styled', async () => {
    await timeline.labelEveryPost();
    const [chip] = await waitForChipsOnScreen(driver);
    expect(chip!.face.width).toBeGreaterThan(0);
    const styles = await driver.evaluateWith((hostName) => {
      const host = document.querySelector(hostName)!;
      const button = host.shadowRoot!.querySelector('button.hc-chip')!;
      return { host: getComputedStyle(host).position, hostHeight: host.getBoundingClientRect().height, button: getComputedStyle(button).position };
    }, CHIP_HOST);
    expect(styles).toEqual({ host: 'relative', hostHeight: 0, button: 'absolute' });
  });

  // Before the tooltip's hover: a post under the pointer is shown at full opacity.
  it('dims and hides posts of a context', async () => {
    const labels = Object.entries(await timeline.labels());
    const [hiddenId, hiddenCategory] = labels[0]!;
    const [dimmedId, dimmedCategory] = labels.find(([, category]) => category !== hiddenCategory)!;
    const extensionPage = await session.newPage();
    await extensionPage.goto(session.extensionUrl('/popup.html'));
    await setExtensionStorage(extensionPage, 'sync', { visibility: { [hiddenCategory!]: 'hide', [dimmedCategory!]: 'dim' } });
    await expect.poll(() => timeline.isHidden(hiddenId), { timeout: 5_000 }).toBe(true);
    const opacity = () => driver.evaluateWith((id) => getComputedStyle(document.querySelector(`article[data-id="${id}"]`)!).opacity, dimmedId);
    await expect.poll(opacity, { timeout: 5_000 }).toBe('0.35');
    await setExtensionStorage(extensionPage, 'sync', { visibility: {} });
    await expect.poll(() => timeline.isHidden(hiddenId), { timeout: 5_000 }).toBe(false);
    await extensionPage.close();
  });

  it('shows a styled tooltip', async () => {
    const [postId] = Object.keys(await timeline.labels());
    await driver.hover(timeline.protokollLink(postId!));
    await timeline.waitForTooltip(true, postId);
    const position = await driver.evaluate(() => {
      const tooltip = document.querySelector('hashtag-context-tooltip')?.shadowRoot?.querySelector('[role="tooltip"]');
      return tooltip ? getComputedStyle(tooltip).position : null;
    });
    expect(position).toBe('fixed');
  });
});
