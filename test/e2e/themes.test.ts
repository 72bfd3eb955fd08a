import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelinePage } from './pages/timeline-page';
import { BROWSERS, type PageDriver } from './support/browser-session';
import { openTimeline, type TimelineSession } from './support/timeline-session';

interface TooltipLook {
  background: number;
  contrast: number;
  dir: string | null;
}

/** Relative luminance of the tooltip's background and the contrast of its text (WCAG formulas). */
function tooltipLook(host: string): TooltipLook {
  const tooltip = document.querySelector(host)!.shadowRoot!.querySelector('[role="tooltip"]')!;
  const channels = (color: string) => (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const luminance = (color: string) => {
    const [r, g, b] = channels(color).map((c) => {
      const v = c / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const style = getComputedStyle(tooltip);
  const [bg, fg] = [luminance(style.backgroundColor), luminance(style.color)];
  return {
    background: bg,
    contrast: (Math.max(bg, fg) + 0.05) / (Math.min(bg, fg) + 0.05),
    dir: tooltip.getAttribute('dir'),
  };
}

describe.each(Object.entries(BROWSERS))('tooltip in the page’s theme, in %s', (_name, launch) => {
  let page: TimelineSession;
  let driver: PageDriver;
  let timeline: TimelinePage;
  let timelineUrl: string;

  beforeAll(async () => {
    page = await openTimeline(launch, { viewport: { width: 1000, height: 1200 } });
    ({ driver, timeline } = page);
    timelineUrl = page.server.timelineUrl;
  });

  afterAll(() => page?.close());

  async function hoverFirstPost(theme: string): Promise<string> {
    await driver.goto(`${timelineUrl}?theme=${theme}&swap=off`);
    const [postId] = await timeline.waitForVisibleProtokollLinks(1);
    await driver.mouseMove(1, 1); // the pointer must move onto the link: a new page under a resting pointer gets no pointerover
    await driver.hover(timeline.protokollLink(postId!));
    await timeline.waitForTooltip(true, postId);
    return postId!;
  }

  for (const [theme, scheme] of [
    ['default', 'dark'],
    ['mastodon-light', 'light'],
    ['contrast', 'dark'],
  ] as const) {
    it(`is ${scheme} and readable on Mastodon's ${theme} theme`, async () => {
      await hoverFirstPost(theme);
      const look = await driver.evaluateWith(tooltipLook, 'hashtag-context-tooltip');
      if (scheme === 'light') expect(look.background).toBeGreaterThan(0.6);
      else expect(look.background).toBeLessThan(0.1);
      expect(look.contrast).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('follows a right-to-left interface', async () => {
    await driver.goto(`${timelineUrl}?swap=off`);
    await driver.evaluate(() => document.body.classList.add('rtl'));
    const [postId] = await timeline.waitForVisibleProtokollLinks(1);
    await driver.mouseMove(1, 1); // the pointer must move onto the link: a new page under a resting pointer gets no pointerover
    await driver.hover(timeline.protokollLink(postId!));
    await timeline.waitForTooltip(true, postId);
    const look = await driver.evaluateWith(tooltipLook, 'hashtag-context-tooltip');
    expect(look.dir).toBe('rtl');
  });
});
