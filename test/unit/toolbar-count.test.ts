import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { badgeText, createToolbarCount as createIconCount, iconTitle } from '@/utils/background/toolbar-count';
import { createToolbarCount } from '@/utils/content/toolbar-count';
import { createPageStats } from '@/utils/content/page-stats';
import { parseToolbarCountRequest } from '@/utils/messages';
import { useLocale } from './support/locale';

describe('the content script’s count for the toolbar icon', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the count once per burst of labels, after the delay, and only when it changed', () => {
    let count = 0;
    const send = vi.fn();
    const reporter = createToolbarCount({ count: () => count, send, delayMs: 500 });
    for (let i = 0; i < 20; i++) {
      count++;
      reporter.changed();
    }
    expect(send).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(send.mock.calls).toEqual([[20, true]]);

    reporter.changed(); // the page changed, the count did not
    vi.advanceTimersByTime(500);
    expect(send).toHaveBeenCalledTimes(1);

    count = 3; // a single-page client went to another page
    reporter.changed();
    vi.advanceTimersByTime(500);
    expect(send.mock.calls.at(-1)).toEqual([3, true]);
  });

  it('follows the reader’s choice at once, and sends nothing after it stopped', () => {
    const send = vi.fn();
    const reporter = createToolbarCount({ count: () => 7, send, delayMs: 500 });
    reporter.setShown(true);
    expect(send.mock.calls).toEqual([[7, true]]);
    reporter.setShown(false);
    expect(send.mock.calls.at(-1)).toEqual([7, false]);
    reporter.setShown(false);
    expect(send).toHaveBeenCalledTimes(2);

    reporter.changed();
    reporter.stop();
    vi.advanceTimersByTime(1_000);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('sends the same count again when asked (the browser reset the icon), at once', () => {
    const send = vi.fn();
    const reporter = createToolbarCount({ count: () => 5, send, delayMs: 500 });
    reporter.setShown(true);
    reporter.resend();
    expect(send.mock.calls).toEqual([
      [5, true],
      [5, true],
    ]);
  });

  it('counts the posts labelled on the page the reader is on, each once', () => {
    let path = '/tags/Protokoll';
    const stats = createPageStats(() => path);
    stats.record('1:a', 'legislation');
    stats.record('2:b', 'other');
    stats.record('2:b', 'network_protocol');
    expect(stats.labelledHere()).toBe(2);
    path = '/home';
    expect(stats.labelledHere()).toBe(0);
  });
});

describe('the toolbar icon of a tab', () => {
  it('shows the count, nothing for none or when the reader turned it off, and 999+ beyond what fits', () => {
    expect(badgeText({ count: 12, shown: true })).toBe('12');
    expect(badgeText({ count: 0, shown: true })).toBe('');
    expect(badgeText({ count: 12, shown: false })).toBe('');
    expect(badgeText({ count: 999, shown: true })).toBe('999');
    expect(badgeText({ count: 5_000, shown: true })).toBe('999+');
  });

  it('says in its title, in English and German, that it is active and how many posts it sorted', () => {
    useLocale('en');
    expect(iconTitle(0)).toBe('Hashtag Context: active on this page, no posts with watched hashtags sorted yet');
    expect(iconTitle(12)).toBe('Hashtag Context: 12 posts with watched hashtags sorted on this page');
    useLocale('de');
    expect(iconTitle(12)).toBe('Hashtag Context: 12 Beiträge mit beobachteten Hashtags auf dieser Seite eingeordnet');
  });

  it('sets badge and title for the sender’s tab only, and leaves a closed tab or a message without a tab alone', async () => {
    useLocale('en');
    const action = {
      setBadgeText: vi.fn(async (_details: { tabId?: number; text: string }) => {}),
      setTitle: vi.fn(async (_details: { tabId?: number; title: string }) => {}),
      setBadgeBackgroundColor: vi.fn(async () => {}),
    };
    const icon = createIconCount(action as never);
    expect(action.setBadgeBackgroundColor).toHaveBeenCalledTimes(1);

    await icon.show(4, { type: 'hc:toolbar-count', count: 12, shown: true });
    expect(action.setBadgeText).toHaveBeenCalledWith({ tabId: 4, text: '12' });
    expect(action.setTitle).toHaveBeenCalledWith({ tabId: 4, title: iconTitle(12) });

    await icon.show(undefined, { type: 'hc:toolbar-count', count: 1, shown: true });
    expect(action.setBadgeText).toHaveBeenCalledTimes(1);

    action.setBadgeText.mockRejectedValueOnce(new Error('No tab with id: 5.'));
    await expect(icon.show(5, { type: 'hc:toolbar-count', count: 2, shown: true })).resolves.toBeUndefined();
  });

  it('does nothing in a browser without a toolbar action, or without its badge (Firefox for Android), and never throws', async () => {
    await expect(createIconCount(undefined).show(1, { type: 'hc:toolbar-count', count: 1, shown: true })).resolves.toBeUndefined();
    const setTitle = vi.fn(async (_details: { tabId?: number; title: string }) => {});
    const titleOnly = createIconCount({ setTitle } as never);
    await expect(titleOnly.show(2, { type: 'hc:toolbar-count', count: 3, shown: true })).resolves.toBeUndefined();
    expect(setTitle).toHaveBeenCalledTimes(1);
    const throwing = () => {
      throw new Error('not supported');
    };
    const broken = createIconCount({ setBadgeText: throwing, setTitle: throwing, setBadgeBackgroundColor: throwing } as never);
    await expect(broken.show(2, { type: 'hc:toolbar-count', count: 3, shown: true })).resolves.toBeUndefined();
  });

  it('accepts only a whole, non-negative count and a yes/no choice', () => {
    expect(parseToolbarCountRequest({ type: 'hc:toolbar-count', count: 3, shown: false })).toEqual({ type: 'hc:toolbar-count', count: 3, shown: false });
    for (const bad of [
      { type: 'hc:toolbar-count', count: -1, shown: true },
      { type: 'hc:toolbar-count', count: 1.5, shown: true },
      { type: 'hc:toolbar-count', count: '3', shown: true },
      { type: 'hc:toolbar-count', count: 1e12, shown: true },
      { type: 'hc:toolbar-count', count: 3, shown: 'yes' },
      { type: 'hc:toolbar-count', count: 3 },
      { type: 'hc:classify', count: 3, shown: true },
      null,
      'hc:toolbar-count',
    ]) {
      expect(parseToolbarCountRequest(bad)).toBeNull();
    }
  });
});
