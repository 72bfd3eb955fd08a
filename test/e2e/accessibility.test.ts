import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type BrowserSession, type PageDriver } from './support/browser-session';
import { seriousViolations } from './support/axe';
import type { TimelinePage } from './pages/timeline-page';
import { openTimeline, type TimelineSession } from './support/timeline-session';
import { sendToBackground } from './pages/extension-pages';

const TOOLTIP_HOST = 'hashtag-context-tooltip';

describe.each(Object.entries(BROWSERS))('accessibility (axe-core) in %s', (_name, launch) => {
  let page: TimelineSession;
  let server: TimelineSession['server'];
  let session: BrowserSession;
  let driver: PageDriver;
  let timeline: TimelinePage;

  beforeAll(async () => {
    page = await openTimeline(launch, { viewport: { width: 1000, height: 1400 } });
    ({ server, session, driver, timeline } = page);
    await timeline.waitForLabels(3);
  });

  afterAll(() => page?.close());

  // First, while the timeline's tab has the focus (Firefox does not give it back to it after other tabs).
  it('finds no serious or critical violation in the open tooltip, its choices open too', async () => {
    const [postId] = await timeline.waitForVisibleProtokollLinks(1);
    await driver.focus(timeline.protokollLink(postId!));
    await timeline.waitForTooltip(true, postId);
    expect(await seriousViolations(driver, TOOLTIP_HOST)).toEqual([]);
    await driver.press('Tab');
    await driver.press('Enter'); // "Wrong? Choose the right context": the choices open
    await driver.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(await driver.evaluate(() => document.querySelector('hashtag-context-tooltip')?.shadowRoot?.querySelectorAll('[role="group"] button').length)).toBe(3);
    expect(await seriousViolations(driver, TOOLTIP_HOST)).toEqual([]);
    await driver.press('Escape');
  });
  it('finds no serious or critical violation in the popup', async () => {
    const popup = await session.newPage();
    await popup.goto(session.extensionUrl('/popup.html'));
    await popup.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(await seriousViolations(popup)).toEqual([]);
    await popup.close();
  });

  it('finds no serious or critical violation in the options page, with a correction and an own hashtag listed and the confirmation open', async () => {
    const helper = await session.newPage();
    await helper.goto(session.extensionUrl('/popup.html'));
    const post = { key: 'a11y:1', text: 'Wer schreibt beim Plenum das #Protokoll? Meldet euch!', watchedTags: ['protokoll'] };
    await sendToBackground(helper, { type: 'hc:correct', post, category: 'civic_recruiting' });
    await helper.close();
    const options = await session.newPage();
    await options.goto(session.extensionUrl('/options.html'));
    await options.focus('[data-testid="new-tag"]');
    for (const key of 'bad tag') await options.press(key);
    await options.press('Enter'); // an error message is shown too
    await options.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(await options.evaluate(() => document.querySelectorAll('[data-testid="corrections"] li').length)).toBe(1);
    expect(await seriousViolations(options)).toEqual([]);
    await options.click('[data-testid="clear-corrections"]');
    expect(await seriousViolations(options)).toEqual([]);
    await options.press('Escape');
    await options.close();
  });

});

describe.each(Object.entries(BROWSERS))('accessibility (axe-core) in dark mode in %s', (_name, launch) => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await launch({ viewport: { width: 1000, height: 1400 }, colorScheme: 'dark' });
  });

  afterAll(() => session?.close());

  it('finds no serious or critical violation in the popup and the options page, both dark', async () => {
    const page = await session.newPage();
    for (const path of ['/popup.html', '/options.html']) {
      await page.goto(session.extensionUrl(path));
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
      // The pages follow the scheme: a dark background, so axe's contrast check is about the dark palette.
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(25, 27, 34)');
      expect(await seriousViolations(page)).toEqual([]);
    }
  });
});
