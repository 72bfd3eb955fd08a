import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type BrowserSession, type PageDriver } from './support/browser-session';
import type { TimelinePage } from './pages/timeline-page';
import { openTimeline, type TimelineSession } from './support/timeline-session';
import {
  activateTabWithContentScript,
  cachedResultCount,
  bringToFront,
  focused,
  focusIsVisible,
  popupChart,
  sendToBackground,
  tabUntil,
  toolbarIcon,
} from './pages/extension-pages';
import { sleep } from './support/wait';

describe.each(Object.entries(BROWSERS))('popup and options in %s', (_name, launch) => {
  let page: TimelineSession;
  let server: TimelineSession['server'];
  let session: BrowserSession;
  let driver: PageDriver;
  let timeline: TimelinePage;

  beforeAll(async () => {
    page = await openTimeline(launch, { viewport: { width: 1000, height: 1800 } });
    ({ server, session, driver, timeline } = page);
    await timeline.labelEveryPost();
  });

  afterAll(() => page?.close());

  it('says it is not active on a page without its content script, and counts the posts of the page it runs on', async () => {
    const popup = await session.newPage();
    await popup.goto(session.extensionUrl('/popup.html'));
    // The popup's own tab is the active one: nothing answers there.
    await expect.poll(async () => (await popupChart(popup)).state, { timeout: 5_000 }).toBe('inactive');
    expect((await popupChart(popup)).text).toContain('Not active on this page');

    expect(await activateTabWithContentScript(popup)).toBe(1);
    const labels = await timeline.labels();
    const expected: Record<string, number> = { legislation: 0, network_protocol: 0, civic_recruiting: 0, other: 0 };
    for (const category of Object.values(labels)) expected[category]!++;
    await expect.poll(async () => (await popupChart(popup)).counts, { timeout: 5_000 }).toEqual(expected);
    const chart = await popupChart(popup);
    expect(chart.state).toBe('active');
    expect(chart.text).toContain('Active on this page');
    expect(chart.text).toContain(`Posts with watched hashtags on this page: ${Object.keys(labels).length}`);
    await popup.close();
  });

  it('counts the sorted posts on the toolbar icon, says so in its title, and the option takes the number off at once', async () => {
    const labelled = Object.keys(await timeline.labels()).length;
    expect(labelled).toBeGreaterThan(0);
    const options = await session.newPage();
    try {
      await options.goto(session.extensionUrl('/options.html'));
      await expect.poll(() => toolbarIcon(options), { timeout: 5_000 }).toEqual({
        text: String(labelled),
        title: `Hashtag Context: ${labelled} posts with watched hashtags sorted on this page`,
      });
      const checkbox = '[data-testid="toolbar-count"]';
      await expect.poll(() => options.evaluate(() => (document.querySelector('[data-testid="toolbar-count"]') as HTMLInputElement | null)?.checked), { timeout: 5_000 }).toBe(true);
      await options.click(checkbox);
      await expect.poll(() => options.evaluate(() => document.querySelector('[data-testid="toolbar-status"]')?.textContent), { timeout: 5_000 }).toBe('Saved.');
      // The number goes; the title still says the extension is at work on the page.
      await expect.poll(async () => (await toolbarIcon(options))?.text, { timeout: 5_000 }).toBe('');
      expect((await toolbarIcon(options))?.title).toContain(`${labelled} posts`);
      await options.click(checkbox);
      await expect.poll(async () => (await toolbarIcon(options))?.text, { timeout: 5_000 }).toBe(String(labelled));

      // Mastodon changes pages without a reload: the count is the open page's.
      const path = await driver.evaluate(() => location.pathname);
      await driver.evaluate(() => history.pushState(null, '', '/home'));
      await expect.poll(() => toolbarIcon(options), { timeout: 5_000 }).toEqual({
        text: '',
        title: 'Hashtag Context: active on this page, no posts with watched hashtags sorted yet',
      });
      await driver.evaluateWith((back) => history.pushState(null, '', back), path);
      await expect.poll(async () => (await toolbarIcon(options))?.text, { timeout: 5_000 }).toBe(String(labelled));
    } finally {
      await options.close();
    }
  });

  it('renames and recolours a context, and the popup follows; reset brings the defaults back', async () => {
    const options = await session.newPage();
    await options.goto(session.extensionUrl('/options.html'));
    await bringToFront(options);
    await options.focus('[data-testid="context-name-legislation"]');
    await options.evaluate(() => (document.querySelector('[data-testid="context-name-legislation"]') as HTMLInputElement).select());
    for (const key of 'EU-Recht') await options.press(key);
    await options.press('Tab'); // the change is committed when the field loses focus
    await expect.poll(() => options.evaluate(() => document.querySelector('[data-testid="contexts-status"]')?.textContent), { timeout: 5_000 }).toBe('Saved.');
    await options.evaluate(() => {
      const color = document.querySelector('[data-testid="context-color-legislation"]') as HTMLInputElement;
      color.value = '#aa0000';
      color.dispatchEvent(new Event('change', { bubbles: true }));
    });

    // The same tab shows the popup, then the options again (one tab: Firefox keeps its focus).
    const popup = options;
    await popup.goto(session.extensionUrl('/popup.html'));
    await expect.poll(() => popup.evaluate(() => document.querySelector('fieldset legend')?.textContent), { timeout: 5_000 }).toBe('EU-Recht');
    await expect
      .poll(() => popup.evaluate(() => getComputedStyle(document.querySelector('.popup__swatch')!).backgroundColor), { timeout: 5_000 })
      .toBe('rgb(170, 0, 0)');

    await options.goto(session.extensionUrl('/options.html'));
    await expect.poll(() => options.evaluate(() => (document.querySelector('[data-testid="context-name-legislation"]') as HTMLInputElement | null)?.value), { timeout: 5_000 }).toBe('EU-Recht');
    await options.click('[data-testid="contexts-reset"]');
    await expect.poll(() => options.evaluate(() => (document.querySelector('[data-testid="context-name-legislation"]') as HTMLInputElement).value), { timeout: 5_000 }).toBe('Legislation');
    await popup.goto(session.extensionUrl('/popup.html'));
    await expect.poll(() => popup.evaluate(() => document.querySelector('fieldset legend')?.textContent), { timeout: 5_000 }).toBe('Legislation');
    await options.close();
  });

  it('adds and removes a watched hashtag by keyboard, says what is wrong with a bad one, and the content script watches it', async () => {
    const options = await session.newPage();
    await options.goto(session.extensionUrl('/options.html'));
    await bringToFront(options);
    expect(await options.evaluate(() => document.querySelector('[data-testid="default-tags"]')?.textContent)).toContain('#Protokoll');
    await options.focus('[data-testid="new-tag"]');
    for (const key of 'no spaces') await options.press(key);
    await options.press('Enter');
    expect(await options.evaluate(() => document.getElementById('new-tag-error')?.textContent)).toContain('only letters, digits and underscores');
    expect(await options.evaluate(() => document.getElementById('new-tag')?.getAttribute('aria-invalid'))).toBe('true');
    await options.evaluate(() => {
      const field = document.getElementById('new-tag') as HTMLInputElement;
      field.select();
    });
    for (const key of '#Plenum') await options.press(key);
    await options.press('Enter');
    await expect.poll(() => options.evaluate(() => document.querySelector('[data-testid="custom-tags"]')?.textContent ?? ''), { timeout: 5_000 }).toContain('#plenum');
    expect(await options.evaluate(() => document.getElementById('new-tag-error'))).toBeNull();
    const watched = await sendToBackground<{ tags: string[] }>(options, { type: 'hc:get-watched-tags' });
    expect(watched.tags).toContain('plenum');
    expect(watched.tags).toContain('protokoll');

    // From the control before the hashtags (Tab past the page's end would leave it in Firefox).
    await options.focus('[data-testid="contexts-reset"]');
    await tabUntil(options, (id) => id.startsWith('button[Remove #plenum'), 60);
    // Firefox may leave this tab's window unfocused (see focusIsVisible); Chromium never does.
    expect(await focusIsVisible(options)).toBe(true);
    await options.press('Enter');
    await expect.poll(() => options.evaluate(() => document.querySelector('[data-testid="custom-tags"]')), { timeout: 5_000 }).toBeNull();
    expect(await focused(options)).toBe('new-tag');
    expect((await sendToBackground<{ tags: string[] }>(options, { type: 'hc:get-watched-tags' })).tags).not.toContain('plenum');
    await options.close();
  });

  it('lists corrections, undoes one and clears all after a confirmation, by keyboard', async () => {
    // Corrections made from another page first (Firefox's remote agent races a second load of the same tab).
    const helper = await session.newPage();
    await helper.goto(session.extensionUrl('/popup.html'));
    for (const [index, category] of (['legislation', 'civic_recruiting', 'other'] as const).entries()) {
      const post = { key: `e2e:${index}`, text: `Probe post ${index} zum #Protokoll`, watchedTags: ['protokoll'] };
      expect(await sendToBackground(helper, { type: 'hc:correct', post, category })).toEqual({ ok: true });
      await sleep(5); // distinct times: the list is newest first
    }
    await helper.close();
    const options = await session.newPage();
    await options.goto(session.extensionUrl('/options.html'));
    await bringToFront(options);
    await bringToFront(options);
    const listed = () =>
      options.evaluate(() => [...document.querySelectorAll('[data-testid="corrections"] li')].map((li) => li.querySelector('.corrections__text')?.textContent ?? ''));
    await expect.poll(listed, { timeout: 5_000 }).toEqual(['Probe post 2 zum #Protokoll', 'Probe post 1 zum #Protokoll', 'Probe post 0 zum #Protokoll']);
    expect(await options.evaluate(() => document.querySelector('[data-testid="corrections"]')?.textContent)).toContain('Your choice: Civic recruiting');
    const count = () => options.evaluate(() => document.querySelector('[data-testid="corrections-count"]')?.textContent ?? '');
    expect(await count()).toBe('3 corrections.');

    // Search: typed into the field, it narrows the list by text and by context name; emptying it brings all back.
    const search = async (query: string) => {
      await options.evaluate(() => (document.querySelector('[data-testid="corrections-search"]') as HTMLInputElement).select());
      if (query) await options.type(query);
      else await options.press('Backspace');
    };
    await tabUntil(options, (id) => id === 'corrections-search', 80);
    await options.type('POST 1');
    await expect.poll(listed, { timeout: 5_000 }).toEqual(['Probe post 1 zum #Protokoll']);
    expect(await count()).toBe('1 of 3 corrections match.');
    await search('legislation');
    await expect.poll(listed, { timeout: 5_000 }).toEqual(['Probe post 0 zum #Protokoll']);
    await search('chatkontrolle');
    await expect.poll(count, { timeout: 5_000 }).toBe('No correction matches “chatkontrolle”.');
    expect(await listed()).toEqual([]);
    await search('');
    await expect.poll(listed, { timeout: 5_000 }).toHaveLength(3);
    expect(await focused(options)).toBe('corrections-search');

    await tabUntil(options, (id) => id === 'undo-correction', 80);
    await options.press('Enter');
    await expect.poll(listed, { timeout: 5_000 }).toEqual(['Probe post 1 zum #Protokoll', 'Probe post 0 zum #Protokoll']);
    expect(await focused(options)).toBe('corrections-title');
    const stored = await sendToBackground<{ corrections: { postKey: string }[] }>(options, { type: 'hc:list-corrections' });
    expect(stored.corrections.map((c) => c.postKey)).toEqual(['e2e:1', 'e2e:0']);

    const clearAll = await tabUntil(options, (id) => id === 'clear-corrections', 20);
    expect(clearAll.at(-1)).toBe('clear-corrections');
    await options.press('Enter');
    expect(await options.evaluate(() => (document.querySelector('[data-testid="confirm-clear"]') as HTMLDialogElement).open)).toBe(true);
    expect(await focused(options)).toBe('confirm-cancel');
    await options.press('Escape'); // Escape cancels: nothing is deleted
    expect(await options.evaluate(() => (document.querySelector('[data-testid="confirm-clear"]') as HTMLDialogElement).open)).toBe(false);
    expect((await listed()).length).toBe(2);
    await options.click('[data-testid="clear-corrections"]');
    await options.press('Tab');
    expect(await focused(options)).toBe('confirm-clear-all');
    await options.press('Enter');
    await expect.poll(() => options.evaluate(() => document.querySelector('[data-testid="corrections-status"]')?.textContent), { timeout: 5_000 }).toBe('All corrections deleted.');
    expect(await listed()).toEqual([]);
    expect((await sendToBackground<{ corrections: unknown[] }>(options, { type: 'hc:list-corrections' })).corrections).toEqual([]);
    await options.close();
  });

  it('shows the storage used and clears the cache', async () => {
    const options = await session.newPage();
    await options.goto(session.extensionUrl('/options.html'));
    await bringToFront(options);
    await expect.poll(() => options.evaluate(() => document.querySelector('[data-testid="storage-used"]')?.textContent ?? ''), { timeout: 5_000 }).toMatch(/Storage used by the extension: [\d.,]+\s?(kB|MB)/);
    const cached = () => cachedResultCount(options);
    expect(await cached()).toBeGreaterThan(0);
    await options.click('[data-testid="clear-cache"]');
    await expect.poll(() => options.evaluate(() => document.querySelector('[data-testid="data-status"]')?.textContent), { timeout: 5_000 }).toContain('Cache cleared');
    expect(await cached()).toBe(0);
    await options.close();
  });

  it('says when it finds no posts on a page it runs on (a layout it does not know), instead of "no watched hashtags"', async () => {
    await driver.goto(`${server.timelineUrl}?layout=unknown`);
    const popup = await session.newPage();
    try {
      await popup.goto(session.extensionUrl('/popup.html'));
      expect(await activateTabWithContentScript(popup)).toBe(1);
      await expect.poll(async () => (await popupChart(popup)).text, { timeout: 5_000 }).toContain('It has found no posts on this page.');
      expect((await popupChart(popup)).text).toContain('No posts with watched hashtags on this page yet.');
      expect((await popupChart(popup)).state).toBe('active');
    } finally {
      await popup.close();
      await driver.goto(server.timelineUrl);
      await timeline.labelEveryPost();
    }
  });

  // Last: it opens the options in a tab of the browser's own, which in Firefox leaves later tabs' windows unfocused.
  it('works by keyboard alone: a context hidden with the arrow keys, then the options opened', async () => {
    const popup = await session.newPage();
    await popup.goto(session.extensionUrl('/popup.html'));
    await bringToFront(popup);
    const path = await tabUntil(popup, (id) => id === 'visibility-legislation-show');
    expect(path.at(-1)).toBe('visibility-legislation-show');
    expect(await focusIsVisible(popup)).toBe(true);
    await popup.press('ArrowRight');
    await popup.press('ArrowRight');
    expect(await focused(popup)).toBe('visibility-legislation-hide');
    const stored = () => popup.evaluate(async () => {
      const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as {
        storage: { sync: { get(k: string): Promise<Record<string, unknown>> } };
      };
      return ((await api.storage.sync.get('visibility')).visibility as Record<string, string> | undefined)?.legislation;
    });
    await expect.poll(stored, { timeout: 5_000 }).toBe('hide');
    await popup.press('ArrowLeft');
    await popup.press('ArrowLeft');
    await expect.poll(stored, { timeout: 5_000 }).toBe('show');

    await tabUntil(popup, (id) => id === 'open-options');
    expect(await focusIsVisible(popup)).toBe(true);
    await popup.press('Enter');
    const optionsOpen = () => popup.evaluate(() => {
      const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as {
        extension: { getViews(q: object): Window[] };
      };
      return api.extension.getViews({ type: 'tab' }).some((view) => view.location.pathname === '/options.html');
    });
    await expect.poll(optionsOpen, { timeout: 5_000 }).toBe(true);
    await popup.evaluate(() => {
      const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as {
        extension: { getViews(q: object): Window[] };
      };
      for (const view of api.extension.getViews({ type: 'tab' })) if (view.location.pathname === '/options.html') view.close();
    });
    await popup.close();
  });
});
