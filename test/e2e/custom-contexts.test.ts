import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type BrowserSession, type PageDriver } from './support/browser-session';
import type { TimelinePage } from './pages/timeline-page';
import { activateTabWithContentScript, popupChart } from './pages/extension-pages';
import { seriousViolations } from './support/axe';
import { openTimeline, type TimelineSession } from './support/timeline-session';
import { TOOLTIP_HOST } from '../../utils/dom-contract';

/** Types into a field of the options page as `input` events do (Preact listens to them). */
async function fill(page: PageDriver, testid: string, value: string) {
  await page.evaluateWith(
    ([id, text]) => {
      const field = document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement;
      field.focus();
      field.value = text;
      field.dispatchEvent(new Event('input', { bubbles: true }));
    },
    [testid, value] as const,
  );
}

const textOf = (page: PageDriver, selector: string) =>
  page.evaluateWith((s) => document.querySelector(s)?.textContent ?? null, selector);

/** Article ids of the posts whose text has one of the words (whole words, any case). */
function postsWith(timeline: TimelinePage, words: string[]): Promise<string[]> {
  return timeline.driver.evaluateWith(
    (list) =>
      [...document.querySelectorAll('article[data-hc-category]')]
        .filter((article) => list.some((word) => new RegExp(`(^|[^\\p{L}\\p{N}])${word}($|[^\\p{L}\\p{N}])`, 'iu').test(article.textContent ?? '')))
        .map((article) => article.getAttribute('data-id')!),
    words,
  );
}

describe.each(Object.entries(BROWSERS))('the reader’s own contexts in %s', (_name, launch) => {
  let page: TimelineSession;
  let session: BrowserSession;
  let timeline: TimelinePage;
  let before: Record<string, string>;

  beforeAll(async () => {
    page = await openTimeline(launch, { viewport: { width: 1000, height: 1800 } });
    ({ session, timeline } = page);
    before = await timeline.labelEveryPost();
  });

  afterAll(() => page?.close());

  it('adds a context with keywords: open posts get it at once, the tooltip says why in its colour and corrects to it, the popup charts and hides it; removing it gives the posts back', async () => {
    const options = await session.newPage();
    await options.goto(session.extensionUrl('/options.html'));
    await expect.poll(() => options.evaluate(() => document.querySelector('[data-testid="add-context"]') !== null), { timeout: 5_000 }).toBe(true);

    // A wrong keyword is named at its field, and nothing is added.
    await fill(options, 'new-context-name', 'Klimagruppe Ulm');
    await fill(options, 'new-context-keywords', 'Ulm, a*');
    await options.click('[data-testid="add-context"]');
    await expect.poll(() => textOf(options, '#new-context-keywords-error'), { timeout: 5_000 }).toContain('“a*” is no keyword');
    expect(await options.evaluate(() => document.querySelector('#new-context-keywords')!.getAttribute('aria-describedby'))).toBe('new-context-keywords-error');
    expect(await options.evaluate(() => (document.activeElement as HTMLElement | null)?.id)).toBe('new-context-keywords');

    // A keyword that is a watched hashtag would take every post under it: refused, with the reason.
    await fill(options, 'new-context-keywords', 'Ulm, Proto*');
    await options.click('[data-testid="add-context"]');
    await expect
      .poll(() => textOf(options, '#new-context-keywords-error'), { timeout: 5_000 })
      .toBe('“Proto*” would match every post under #Protokoll, which you watch: choose words that tell its posts apart.');
    expect(await options.evaluate(() => document.querySelectorAll('[data-testid="custom-context"]').length)).toBe(0);

    await fill(options, 'new-context-keywords', 'Ulm, Plenum');
    await options.evaluate(() => {
      const color = document.querySelector('[data-testid="new-context-color"]') as HTMLInputElement;
      color.value = '#c01c28';
      color.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await options.click('[data-testid="add-context"]');
    await expect.poll(() => textOf(options, '[data-testid="custom-contexts-status"]'), { timeout: 5_000 }).toBe('Context “Klimagruppe Ulm” added; open pages use it now.');
    const id = await options.evaluate(() => document.querySelector('[data-testid="custom-context"]')?.getAttribute('data-context-id') ?? '');
    expect(id).toMatch(/^ctx-[a-z0-9]{8}$/);
    expect(await seriousViolations(options)).toEqual([]);

    // The open timeline, without a reload: posts with a keyword carry the context, the others keep theirs.
    const matching = await postsWith(timeline, ['ulm', 'plenum']);
    expect(matching.length).toBeGreaterThan(0);
    await expect
      .poll(async () => {
        const labels = await timeline.labels();
        return matching.every((post) => labels[post] === id);
      }, { timeout: 10_000 })
      .toBe(true);
    const labels = await timeline.labels();
    for (const [post, category] of Object.entries(before)) if (!matching.includes(post)) expect(labels[post], post).toBe(category);

    // The tooltip names it, says which keyword decided, in its colour; the chip shows its first letter.
    await options.close(); // the timeline's tab is the active one again (Firefox gives focus to the active tab only)
    const withLink = await timeline.driver.evaluateWith(
      (ids) => ids.filter((candidate) => document.querySelector(`article[data-id="${candidate}"] a[href$="/tags/Protokoll" i]`) !== null),
      Object.keys(before),
    );
    const post = matching.find((candidate) => withLink.includes(candidate))!;
    await timeline.driver.evaluateWith((selector) => document.querySelector(selector)!.scrollIntoView({ block: 'center' }), timeline.protokollLink(post));
    await timeline.driver.focus(timeline.protokollLink(post));
    const tooltip = await timeline.waitForTooltip(true, post);
    expect(tooltip.text).toContain('Klimagruppe Ulm');
    expect(tooltip.text).toContain('Because of Ulm');
    expect(tooltip.describedLink).toContain('Klimagruppe Ulm');
    const look = await timeline.driver.evaluateWith(
      ([host, postId]) => {
        const swatch = document.querySelector(host)!.shadowRoot!.querySelector('.hc-tooltip__head .hc-tooltip__swatch')!;
        const chipHost = [...document.querySelectorAll(`article[data-id="${postId}"] *`)].find((element) => element.shadowRoot?.querySelector('.hc-chip'));
        return {
          swatch: getComputedStyle(swatch).backgroundColor,
          chip: chipHost?.shadowRoot?.querySelector('.hc-chip')?.textContent ?? null,
        };
      },
      [TOOLTIP_HOST, post] as const,
    );
    expect(look.swatch).toBe('rgb(192, 28, 40)');
    expect(look.chip).toBe('K');
    await timeline.driver.press('Escape');

    // Another post corrected to it in the tooltip ("Wrong? Choose the right context" lists it).
    const other = withLink.find((candidate) => !matching.includes(candidate))!;
    await timeline.driver.evaluateWith((selector) => document.querySelector(selector)!.scrollIntoView({ block: 'center' }), timeline.protokollLink(other));
    await timeline.driver.focus(timeline.protokollLink(other));
    await timeline.waitForTooltip(true, other);
    const inTooltip = (selector: string) =>
      timeline.driver.evaluateWith(
        ([host, s]) => {
          const button = document.querySelector(host)?.shadowRoot?.querySelector<HTMLButtonElement>(s);
          button?.click();
          return button?.textContent ?? null;
        },
        [TOOLTIP_HOST, selector] as const,
      );
    await inTooltip('.hc-tooltip__wrong');
    await expect.poll(() => inTooltip(`.hc-tooltip__choice[data-category="${id}"]`), { timeout: 5_000 }).toBe('Klimagruppe Ulm');
    await expect.poll(async () => (await timeline.labels())[other], { timeout: 5_000 }).toBe(id);
    expect((await timeline.waitForTooltip(true, other)).text).toContain('your choice');
    await timeline.driver.press('Escape');

    // The popup charts it and hides its posts.
    const popup = await session.newPage();
    await popup.goto(session.extensionUrl('/popup.html'));
    expect(await activateTabWithContentScript(popup)).toBe(1);
    await expect.poll(async () => (await popupChart(popup)).counts[id], { timeout: 5_000 }).toBe(matching.length + 1);
    expect((await popupChart(popup)).text).toContain('Klimagruppe Ulm');
    await popup.click(`[data-testid="visibility-${id}-hide"]`);
    await expect.poll(() => timeline.isHidden(post), { timeout: 5_000 }).toBe(true);

    // Removed: its posts go back to the model's contexts, shown again.
    const options2 = popup;
    await options2.goto(session.extensionUrl('/options.html'));
    await expect.poll(() => options2.evaluate(() => document.querySelector('[data-testid="custom-context-remove"]') !== null), { timeout: 5_000 }).toBe(true);
    // Its keywords edited in place: a wrong one is named at the field; a right one relabels the open page.
    const onlyPlenum = await postsWith(timeline, ['plenum']);
    const editKeywords = (value: string) =>
      options2.evaluateWith((text) => {
        const field = document.querySelector('[data-testid="custom-context-keywords"]') as HTMLInputElement;
        field.value = text;
        field.dispatchEvent(new Event('input', { bubbles: true }));
        field.dispatchEvent(new Event('change', { bubbles: true }));
      }, value);
    await editKeywords('Plenum, ,');
    await editKeywords('Plenum, x'.padEnd(50, 'x'));
    await expect.poll(() => textOf(options2, `[id="${id}-keywords-error"]`), { timeout: 5_000 }).toContain('is longer than 40 characters');
    expect(await options2.evaluate(() => document.querySelector('[data-testid="custom-context-keywords"]')!.getAttribute('aria-invalid'))).toBe('true');
    await editKeywords('Plenum');
    await expect.poll(() => textOf(options2, '[data-testid="custom-contexts-status"]'), { timeout: 5_000 }).toBe('Saved.');
    const expected = Object.fromEntries(Object.entries(before).map(([p, c]) => [p, onlyPlenum.includes(p) || p === other ? id : c]));
    await expect.poll(() => timeline.labels(), { timeout: 10_000 }).toEqual(expected);

    await options2.click('[data-testid="custom-context-remove"]');
    await expect.poll(() => textOf(options2, '[data-testid="custom-contexts-status"]'), { timeout: 5_000 }).toContain('removed');
    // The correction to it no longer applies (the options page lists it as for a removed context; undo deletes it).
    await expect.poll(() => timeline.labels(), { timeout: 10_000 }).toEqual(before);
    expect(await timeline.isHidden(post)).toBe(false);
    expect(await textOf(options2, '[data-testid="corrections"]')).toContain('Removed context');
    await options2.close();
  });
});

describe.each(Object.entries(BROWSERS))('the options page with a context of the reader’s at 360 px in %s', (_name, launch) => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await launch({ viewport: { width: 360, height: 740 } });
  });

  afterAll(() => session?.close());

  it('fits without horizontal scroll, every control at least 24 × 24, with an error shown', async () => {
    const options = await session.newPage();
    await options.goto(session.extensionUrl('/options.html'));
    await fill(options, 'new-context-name', 'Ein recht langer Name für Kontexte');
    await fill(options, 'new-context-keywords', 'Plenum, Klimacamp, Demo*, Bürgerrat, Straßenfest, Mahnwache');
    await options.click('[data-testid="add-context"]');
    await expect.poll(() => options.evaluate(() => document.querySelectorAll('[data-testid="custom-context"]').length), { timeout: 5_000 }).toBe(1);
    await fill(options, 'new-context-keywords', 'Plenum, x');
    await options.click('[data-testid="add-context"]'); // no name: an error at the name field
    await expect.poll(() => textOf(options, '#new-context-name-error'), { timeout: 5_000 }).toBeTruthy();
    const layout = await options.evaluate(() => {
      const selector = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
      const small: string[] = [];
      for (const element of document.querySelectorAll<HTMLElement>(`.custom-contexts :is(${selector})`)) {
        const { width, height } = (element.closest('label') ?? element).getBoundingClientRect();
        if (width < 24 || height < 24) small.push(`${element.tagName} ${element.dataset.testid ?? ''} ${Math.round(width)}×${Math.round(height)}`);
      }
      const root = document.documentElement;
      return { overflow: root.scrollWidth - root.clientWidth, small, width: window.innerWidth };
    });
    expect(layout).toEqual({ overflow: 0, small: [], width: 360 });
    expect(await seriousViolations(options)).toEqual([]);
    await options.close();
  });
});
