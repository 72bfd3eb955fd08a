import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type BrowserSession, type PageDriver } from './support/browser-session';
import type { TimelinePage } from './pages/timeline-page';
import { openTimeline, type TimelineSession } from './support/timeline-session';

/**
 * Sets a `<select>` on the options page as a reader picking an entry would, once the page shows it (the contexts load).
 * Found and set in one step: the page may render the select anew between two calls from the test.
 */
async function pick(options: PageDriver, testid: string, value: string) {
  const picked = () =>
    options.evaluateWith(
      ([id, choice]) => {
        const select = document.querySelector(`[data-testid="${id}"]`) as HTMLSelectElement | null;
        if (!select) return false;
        select.value = choice;
        select.dispatchEvent(new Event('change', { bubbles: true }));
        return true;
      },
      [testid, value] as const,
    );
  await expect.poll(picked, { timeout: 5_000 }).toBe(true);
}

describe.each(Object.entries(BROWSERS))('contexts per hashtag in %s', (_name, launch) => {
  let page: TimelineSession;
  let session: BrowserSession;
  let timeline: TimelinePage;

  beforeAll(async () => {
    page = await openTimeline(launch, { viewport: { width: 1000, height: 1800 } });
    ({ session, timeline } = page);
    await timeline.labelEveryPost();
  });

  afterAll(() => page?.close());

  it('hides a context under #Protokoll only from the options page, live, and brings it back', async () => {
    const labels = Object.entries(await timeline.labels());
    const [postId, category] = labels[0]!;
    const [otherPostId] = labels.find(([, other]) => other !== category)!;
    const options = await session.newPage();
    await options.goto(session.extensionUrl('/options.html'));
    await expect.poll(() => options.evaluate(() => document.querySelector('[data-testid="tag-visibility-tag"]') !== null), { timeout: 5_000 }).toBe(true);

    // Another hashtag's choice leaves the #Protokoll timeline alone.
    await pick(options, 'tag-visibility-tag', 'matrix');
    await pick(options, `tag-visibility-${category}`, 'hide');
    await expect.poll(() => options.evaluate(() => document.querySelector('[data-testid="tag-visibility-status"]')?.textContent), { timeout: 5_000 }).toBe('Saved.');
    expect(await timeline.isHidden(postId)).toBe(false);

    await pick(options, 'tag-visibility-tag', 'protokoll');
    await pick(options, `tag-visibility-${category}`, 'hide');
    await expect.poll(() => timeline.isHidden(postId), { timeout: 5_000 }).toBe(true);
    expect(await timeline.isHidden(otherPostId)).toBe(false);

    // Remembered: a new options page shows the choice; the reset button gives #Protokoll back the choices for all.
    await options.goto(session.extensionUrl('/options.html'));
    const choiceShown = () =>
      options.evaluateWith((c) => (document.querySelector(`[data-testid="tag-visibility-${c}"]`) as HTMLSelectElement | null)?.value, category!);
    await expect.poll(() => options.evaluate(() => document.querySelector('[data-testid="tag-visibility-tag"] option[value="protokoll"]')?.textContent), { timeout: 5_000 }).toBe('#Protokoll (own choices)');
    await pick(options, 'tag-visibility-tag', 'protokoll');
    await expect.poll(choiceShown, { timeout: 5_000 }).toBe('hide');
    await options.click('[data-testid="tag-visibility-reset"]');
    await expect.poll(() => timeline.isHidden(postId), { timeout: 5_000 }).toBe(false);
    await options.close();
  });
});
