import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTimelineServer } from '../fixtures/timeline/serve';
import { MULTI_COLUMN } from '../fixtures/timeline/views';
import {
  centre,
  CHIP_HOST,
  chips,
  chipsOnScreen,
  hitAt,
  hostsPerArticle,
  scrollToAChip,
  setExtensionStorage,
  type ChipInfo,
} from './pages/chips';
import { focused } from './pages/extension-pages';
import { TimelinePage } from './pages/timeline-page';
import { seriousViolations } from './support/axe';
import { builtExtensionDir } from './support/extension-dirs';
import { BROWSERS, launchChromium, launchFirefox, type BrowserSession, type PageDriver } from './support/browser-session';
import { openTimeline, type TimelineSession } from './support/timeline-session';
import { sleep, waitUntil } from './support/wait';

const CHIP_NAME = /^Context: (Legislation|Network protocol|Civic recruiting|Other \/ unclear), \d{1,2} %$/;
/** Watched hashtags with one likely context (see utils/content/chip-ambiguity.ts): no chip in "ambiguous" mode. */
const UNAMBIGUOUS = ['chatkontrolle', 'chatcontrol', 'mitmachen', 'activitypub'];
/** Cumulative layout shift the chips may add to a scroll through the demo timeline. */
const ADDED_SHIFT_BUDGET = 0.01;

const href = (driver: PageDriver) => driver.evaluate(() => location.href);

/** A point on plain text of a post (no link, no chip, no button): where a tap is a tap "elsewhere". */
function plainTextPoint(driver: PageDriver): Promise<{ x: number; y: number }> {
  return driver.evaluate(() => {
    const walker = document.createTreeWalker(document.querySelector('[role="feed"]')!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement!;
      const text = node.textContent ?? '';
      if (!parent.closest('.status__content__text') || parent.closest('a, button') || text.trim().length < 12) continue;
      // A letter, not collapsed white space at a line's end (whose box can sit on the next line's link),
      // on screen, and what a finger there hits: no link, chip or tooltip covers it.
      const at = text.search(/\S/) + 2;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const rect = range.getBoundingClientRect();
      const [x, y] = [rect.left + rect.width / 2, rect.top + rect.height / 2];
      if (rect.width > 0 && rect.top > 120 && rect.bottom < window.innerHeight - 20 && document.elementFromPoint(x, y) === parent) return { x, y };
    }
    throw new Error('no plain text on screen');
  });
}

describe('context chips on a touch screen (Chromium, 360 × 740)', () => {
  let page: TimelineSession;
  let session: BrowserSession;
  let driver: PageDriver;
  let timeline: TimelinePage;

  beforeAll(async () => {
    page = await openTimeline(launchChromium, { viewport: { width: 360, height: 740 }, hasTouch: true });
    ({ session, driver, timeline } = page);
    await timeline.waitForLabels(3);
  });

  afterAll(() => page?.close());

  it('shows a chip beside watched hashtags: a button named "Context: …, N %" with a 24 × 24 target, outside the post text, one host per post', async () => {
    const chip = await scrollToAChip(driver);
    const placed = (await chips(driver)).filter((c) => c.placed);
    expect(placed.length).toBeGreaterThan(0);
    for (const c of placed) {
      expect(c.label).toMatch(CHIP_NAME);
      expect(c.target.width).toBeGreaterThanOrEqual(24);
      expect(c.target.height).toBeGreaterThanOrEqual(24);
      expect(c.face.width).toBeLessThan(c.target.width); // the visible chip is smaller than its touch target
      expect(c.hostInLabelledElement).toBe(true);
      expect(c.hostInsideText).toBe(false);
    }
    expect(Math.max(...Object.values(await hostsPerArticle(driver)))).toBe(1);
    // The chip is what a finger on it hits.
    expect(await hitAt(driver, centre(chip))).toBe(`chip:${chip.tag}`);
  });

  it('a tap on a chip opens the tooltip pinned without following the link; a second tap, Escape or a tap elsewhere closes it', async () => {
    const chip = await scrollToAChip(driver);
    const before = await href(driver);
    const expanded = async () => (await chips(driver)).find((c) => c.articleId === chip.articleId && c.tag === chip.tag)?.expanded;

    await driver.tapAt(centre(chip).x, centre(chip).y);
    await timeline.waitForTooltip(true, chip.articleId!);
    expect(await expanded()).toBe('true');
    await sleep(700); // longer than the hover delays: a pinned tooltip does not close by itself
    expect((await timeline.tooltip()).count).toBe(1);

    await driver.tapAt(centre(chip).x, centre(chip).y);
    await timeline.waitForTooltip(false);
    expect(await expanded()).toBe('false');

    await driver.tapAt(centre(chip).x, centre(chip).y);
    await timeline.waitForTooltip(true, chip.articleId!);
    await driver.press('Escape');
    await timeline.waitForTooltip(false);
    expect(await focused(driver)).toMatch(/^button\[Context: /); // focus stays on the chip

    await driver.tapAt(centre(chip).x, centre(chip).y);
    await timeline.waitForTooltip(true, chip.articleId!);
    const elsewhere = await plainTextPoint(driver);
    await driver.tapAt(elsewhere.x, elsewhere.y);
    await timeline.waitForTooltip(false);

    expect(await href(driver)).toBe(before);
  });

  it('hides a hidden post’s chips with it and dims a dimmed post’s chips with it', async () => {
    const chip = await scrollToAChip(driver);
    const extension = await session.newPage();
    await extension.goto(session.extensionUrl('/popup.html'));
    const others = { legislation: 'show', network_protocol: 'show', civic_recruiting: 'show', other: 'show' };
    try {
      await setExtensionStorage(extension, 'sync', { visibility: { ...others, [chip.category]: 'dim' } });
      const dimmed = await waitUntil(
        () => driver.evaluateWith((id) => getComputedStyle(document.querySelector(`article[data-id="${id}"]`)!).opacity, chip.articleId),
        (opacity) => opacity === '0.35',
        (opacity) => `the post's opacity is ${opacity}`,
      );
      expect(dimmed).toBe('0.35');
      expect((await chips(driver)).find((c) => c.articleId === chip.articleId)?.visible).toBe(true);

      await setExtensionStorage(extension, 'sync', { visibility: { ...others, [chip.category]: 'hide' } });
      await waitUntil(
        () => chips(driver),
        (list) => list.filter((c) => c.category === chip.category).every((c) => !c.visible),
        () => `chips of hidden ${chip.category} posts are still visible`,
      );
    } finally {
      await setExtensionStorage(extension, 'sync', { visibility: others });
      await extension.close();
    }
    await scrollToAChip(driver);
  });

  it('changes the open timeline at once when the chip mode changes on the options page', async () => {
    await timeline.labelEveryPost();
    const options = await session.newPage();
    await options.goto(session.extensionUrl('/options.html'));
    try {
      await options.click('[data-testid="chip-mode-never"]');
      await waitUntil(() => chips(driver), (list) => list.length === 0, (list) => `${list.length} chips left in "never" mode`);

      await options.click('[data-testid="chip-mode-ambiguous"]');
      const ambiguous = await waitUntil(() => chips(driver), (list) => list.length > 0, () => 'no chips in "ambiguous" mode');
      expect(ambiguous.filter((c) => UNAMBIGUOUS.includes(c.tag))).toEqual([]);
      expect(ambiguous.some((c) => c.tag === 'protokoll')).toBe(true);

      await options.click('[data-testid="chip-mode-always"]');
      const always = await waitUntil(
        () => chips(driver),
        (list) => list.some((c) => UNAMBIGUOUS.includes(c.tag)),
        () => 'no chips beside unambiguous hashtags in "always" mode',
      );
      expect(always.length).toBeGreaterThan(ambiguous.length);
    } finally {
      await options.close();
    }
  });

  it('brings chips back after the off-screen swap, without duplicate hosts', async () => {
    await driver.evaluate(() => window.scrollTo(0, 0));
    const chip = await scrollToAChip(driver);
    const y = await driver.evaluate(() => window.scrollY);
    await driver.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    // The page swaps the post out while it is off screen: its links are gone.
    await waitUntil(
      () => driver.evaluateWith((id) => document.querySelector(`article[data-id="${id}"] .status`) === null, chip.articleId),
      (gone) => gone,
      () => 'the page never swapped the post out',
    );
    await driver.evaluateWith((top) => window.scrollTo(0, top), y);
    const back = await waitUntil(
      () => chipsOnScreen(driver),
      (list) => list.some((c: ChipInfo) => c.articleId === chip.articleId && c.tag === chip.tag),
      () => 'the chip did not come back',
    );
    const again = back.filter((c) => c.articleId === chip.articleId && c.tag === chip.tag);
    expect(again.length).toBeGreaterThanOrEqual(1);
    expect(Math.abs(again[0]!.target.y - chip.target.y)).toBeLessThan(2);
    const hosts = await hostsPerArticle(driver);
    expect(Math.max(...Object.values(hosts))).toBe(1);
  });

  it('has no serious or critical axe violation in the chips, closed and with a tooltip pinned', async () => {
    const chip = await scrollToAChip(driver);
    // The chip the reader looks at, and then its pinned tooltip.
    const host = `article[data-id="${chip.articleId}"] ${CHIP_HOST}`;
    expect(await seriousViolations(driver, host)).toEqual([]);
    await driver.tapAt(centre(chip).x, centre(chip).y);
    await timeline.waitForTooltip(true, chip.articleId!);
    expect(await seriousViolations(driver, host)).toEqual([]);
    expect(await seriousViolations(driver, 'hashtag-context-tooltip')).toEqual([]);
    await driver.press('Escape');
  });
});

describe('context chips in Firefox', () => {
  let page: TimelineSession;
  let driver: PageDriver;
  let timeline: TimelinePage;

  beforeAll(async () => {
    page = await openTimeline(launchFirefox, { viewport: { width: 1000, height: 900 } });
    ({ driver, timeline } = page);
    await timeline.waitForLabels(3);
  });

  afterAll(() => page?.close());

  it('shows chips and opens the tooltip by a click on one, which a second click closes; the link is not followed', async () => {
    const chip = await scrollToAChip(driver);
    expect(chip.label).toMatch(CHIP_NAME);
    expect(chip.target.width).toBeGreaterThanOrEqual(24);
    expect(await hitAt(driver, centre(chip))).toBe(`chip:${chip.tag}`);
    const before = await href(driver);
    await driver.clickAt(centre(chip).x, centre(chip).y);
    await timeline.waitForTooltip(true, chip.articleId!);
    await sleep(700);
    expect((await timeline.tooltip()).count).toBe(1);
    await driver.clickAt(centre(chip).x, centre(chip).y);
    await timeline.waitForTooltip(false);
    expect(await href(driver)).toBe(before);
    expect(await seriousViolations(driver, CHIP_HOST)).toEqual([]);
  });

  it('shows the tooltip while the pointer rests on a chip, and hides it when the pointer leaves', async () => {
    const chip = await scrollToAChip(driver);
    // A click on the page's margin: focus and pointer leave the chip the last test closed the tooltip on.
    await driver.clickAt(5, 5);
    await timeline.waitForTooltip(false);
    await driver.mouseMove(centre(chip).x, centre(chip).y);
    await timeline.waitForTooltip(true, chip.articleId!);
    await driver.mouseMove(5, 5);
    await timeline.waitForTooltip(false);
  });

  it('by keyboard: focus on a chip shows the tooltip, Tab goes into it, Escape comes back to the chip', async () => {
    const chip = await scrollToAChip(driver);
    await driver.clickAt(5, 5);
    await driver.evaluateWith(
      ({ host, id, tag }) => {
        const article = document.querySelector(`article[data-id="${id}"]`)!;
        article.querySelector(host)!.shadowRoot!.querySelector<HTMLElement>(`button.hc-chip[data-tag="${tag}"]`)!.focus();
      },
      { host: CHIP_HOST, id: chip.articleId, tag: chip.tag },
    );
    await timeline.waitForTooltip(true, chip.articleId!);
    await driver.press('Tab');
    expect(await focused(driver)).toMatch(/^button|^hc-tooltip/); // the tooltip's "Wrong?" button
    expect(await driver.evaluate(() => document.activeElement?.localName)).toBe('hashtag-context-tooltip');
    await driver.press('Escape');
    await timeline.waitForTooltip(false);
    expect(await focused(driver)).toBe(`button[${chip.label}]`);
  });

  it('draws chips for the page’s colour scheme', async () => {
    const scheme = () =>
      driver.evaluateWith((host) => document.querySelector(host)?.shadowRoot?.querySelector<HTMLElement>('.hc-chips')?.dataset.scheme, CHIP_HOST);
    expect(await scheme()).toBe('dark'); // the demo's default theme
    await driver.goto(`${page.server.origin}/tags/Protokoll?theme=mastodon-light`);
    await timeline.waitForLabels(3);
    await scrollToAChip(driver);
    expect(await scheme()).toBe('light');
  });
});

describe('Firefox for Android', () => {
  it('is declared in the built Firefox manifest (browser_specific_settings.gecko_android)', () => {
    const manifest = JSON.parse(readFileSync(join(builtExtensionDir('firefox'), 'manifest.json'), 'utf8')) as {
      browser_specific_settings?: { gecko_android?: { strict_min_version?: string } };
    };
    expect(manifest.browser_specific_settings?.gecko_android?.strict_min_version).toBe('142.0');
  });
});

describe('chips in the multi-column layout (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startTimelineServer>>;
  let session: BrowserSession;
  let driver: PageDriver;

  beforeAll(async () => {
    server = await startTimelineServer();
    session = await launchChromium({ viewport: { width: 1300, height: 800 } });
    driver = await session.newPage();
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('puts the chip at the end of its hashtag and keeps it there while the column scrolls on its own', async () => {
    await driver.goto(`${server.origin}${MULTI_COLUMN.path}`);
    // The home column becomes its own scroller, as in Mastodon's deck.
    await driver.evaluate(() => {
      const scroller = document.querySelector<HTMLElement>('.column[aria-label="Home"] .scrollable')!;
      scroller.style.cssText = 'height:120px;overflow-y:auto';
      scroller.querySelector('[role="feed"]')!.insertAdjacentHTML('beforeend', '<div style="height:600px"></div>');
    });
    const offset = () =>
      driver.evaluateWith((id) => {
        const link = document.querySelector(`article[data-id="${id}"] a[href$="/tags/Protokoll" i]`)!.getBoundingClientRect();
        const chip = document.querySelector(`article[data-id="${id}"] hashtag-context-chips`)?.shadowRoot?.querySelector<HTMLElement>('button.hc-chip');
        if (chip?.dataset.placed !== 'true') return null;
        const face = chip.querySelector('.hc-chip__face')!.getBoundingClientRect();
        return { dx: Math.round(face.left - link.right), dy: Math.round(face.top - link.top), linkTop: Math.round(link.top) };
      }, MULTI_COLUMN.homeWatched);
    const before = await waitUntil(offset, (value) => value !== null, () => 'no chip beside the home column’s #Protokoll');
    expect(Math.abs(before!.dx)).toBeLessThanOrEqual(8); // the face starts at the link's end
    expect(before!.dy).toBeLessThan(0); // and stands up into the line gap, above the text
    await driver.evaluate(() => void (document.querySelector('.column[aria-label="Home"] .scrollable')!.scrollTop = 30));
    await sleep(200);
    const after = await offset();
    expect(after!.linkTop).toBeLessThan(before!.linkTop); // the column did scroll
    expect({ dx: after!.dx, dy: after!.dy }).toEqual({ dx: before!.dx, dy: before!.dy });
    // Scrolled far out of its column (the page itself does not move), the post loses its chip host; back, it has it again.
    const host = () =>
      driver.evaluateWith((id) => document.querySelector(`article[data-id="${id}"] hashtag-context-chips`) !== null, MULTI_COLUMN.homeWatched);
    await driver.evaluate(() => {
      const scroller = document.querySelector('.column[aria-label="Home"] .scrollable')!;
      scroller.scrollTop = scroller.scrollHeight;
    });
    await waitUntil(host, (present) => !present, () => 'the chip host stayed while its post was far out of the column’s view');
    await driver.evaluate(() => void (document.querySelector('.column[aria-label="Home"] .scrollable')!.scrollTop = 30));
    const back = await waitUntil(offset, (value) => value !== null, () => 'the chip did not come back when the column scrolled back');
    expect({ dx: back!.dx, dy: back!.dy }).toEqual({ dx: before!.dx, dy: before!.dy });
    // No chip in the other column: its post shows no watched hashtag.
    expect(await driver.evaluateWith((id) => document.querySelector(`article[data-id="${id}"] hashtag-context-chips`), MULTI_COLUMN.tagColumn)).toBeNull();
  });
});

describe('layout shift from chips (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startTimelineServer>>;
  let session: BrowserSession;
  let extension: PageDriver;

  beforeAll(async () => {
    server = await startTimelineServer();
    session = await launchChromium({ viewport: { width: 1000, height: 900 } });
    extension = await session.newPage();
    await extension.goto(session.extensionUrl('/popup.html'));
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  /** Starts summing every `layout-shift` entry without recent input (buffered: from the page's start) into `window.__shift`. */
  const observeShifts = (driver: PageDriver) =>
    driver.evaluate(() => {
      const w = window as unknown as { __shift: number };
      w.__shift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) w.__shift += entry.value;
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });

  /** Sum of every `layout-shift` entry (without recent input) while a reader scrolls the whole timeline. */
  async function shiftWhileScrolling(mode: 'never' | 'always'): Promise<{ shift: number; chips: number }> {
    await setExtensionStorage(extension, 'sync', { chipMode: mode });
    const driver = await session.newPage();
    try {
      await driver.goto(`${server.origin}/tags/Protokoll`);
      await observeShifts(driver);
      const seen = new Set<string>();
      for (let atBottom = false; !atBottom; ) {
        atBottom = await driver.evaluate(() => {
          window.scrollBy(0, window.innerHeight * 0.5);
          return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
        });
        await sleep(120); // labels and chips arrive while the posts are on screen
        for (const chip of await chipsOnScreen(driver)) seen.add(`${chip.articleId}:${chip.tag}`);
      }
      await sleep(300);
      return { shift: await driver.evaluate(() => (window as unknown as { __shift: number }).__shift), chips: seen.size };
    } finally {
      await driver.close();
    }
  }

  it('measures layout shift at all: a line pushed into the top of the feed registers', async () => {
    const driver = await session.newPage();
    try {
      await driver.goto(`${server.origin}/tags/Protokoll?swap=off`);
      await observeShifts(driver);
      await sleep(300);
      await driver.evaluate(() => {
        const line = document.createElement('p');
        line.textContent = 'A line the page inserts above the posts.';
        line.style.height = '80px';
        document.querySelector('[role="feed"]')!.prepend(line);
      });
      await sleep(500);
      const shift = await driver.evaluate(() => (window as unknown as { __shift: number }).__shift);
      console.info(`[chips e2e] control: an 80 px line inserted above the posts shifts the layout by ${shift.toFixed(4)}`);
      expect(shift).toBeGreaterThan(0.01);
    } finally {
      await driver.close();
    }
  });

  it(`adds at most ${ADDED_SHIFT_BUDGET} cumulative layout shift to a scroll through the demo timeline`, async () => {
    const without = await shiftWhileScrolling('never');
    const withChips = await shiftWhileScrolling('always');
    console.info(
      `[chips e2e] layout shift while scrolling the demo timeline: without chips ${without.shift.toFixed(4)}, with chips ${withChips.shift.toFixed(4)} (${withChips.chips} different chips came on screen)`,
    );
    expect(without.chips).toBe(0);
    expect(withChips.chips).toBeGreaterThan(0);
    expect(withChips.shift - without.shift).toBeLessThanOrEqual(ADDED_SHIFT_BUDGET);
  }, 180_000);
});

/** Interactive elements smaller than 24 × 24 CSS px (WCAG 2.5.8), and how far the page overflows sideways. */
function narrowLayout(driver: PageDriver) {
  return driver.evaluate(() => {
    const selector = 'a[href], button, input, select, textarea, summary, [role="button"], [role="radio"], [tabindex]:not([tabindex="-1"])';
    const small: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      if (!element.checkVisibility()) continue;
      // A control inside its label is hit on the whole label.
      const target = element.closest('label') ?? element;
      const { width, height } = target.getBoundingClientRect();
      if (width < 24 || height < 24) {
        small.push(`${element.tagName.toLowerCase()}${element.dataset.testid ? `[${element.dataset.testid}]` : ''} ${Math.round(width)}×${Math.round(height)}`);
      }
    }
    const root = document.documentElement;
    return { overflow: root.scrollWidth - root.clientWidth, small, width: window.innerWidth };
  });
}

describe.each(Object.entries(BROWSERS))('popup and options at 360 px in %s', (_name, launch) => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await launch({ viewport: { width: 360, height: 740 } });
  });

  afterAll(() => session?.close());

  it.each(['/popup.html', '/options.html'])('%s fits without horizontal scroll, every control at least 24 × 24', async (path) => {
    const driver = await session.newPage();
    try {
      await driver.goto(session.extensionUrl(path));
      await sleep(400);
      const layout = await narrowLayout(driver);
      expect(layout.width).toBe(360);
      expect(layout.overflow).toBeLessThanOrEqual(0);
      expect(layout.small).toEqual([]);
    } finally {
      await driver.close();
    }
  });
});
