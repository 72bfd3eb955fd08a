import { describe, expect, it } from 'vitest';
import { createPageStats, parsePageStats } from '@/utils/content/page-stats';

describe('page stats (what the popup shows of the current page)', () => {
  it('counts the labelled posts and the posts seen on the current path only, each post once', () => {
    let path = '/tags/Protokoll';
    const stats = createPageStats(() => path);
    stats.seen('1', {});
    stats.seen('2', {});
    stats.seen('2', {});
    stats.record('key-1', 'legislation');
    expect(stats.snapshot()).toEqual({ active: true, counts: { legislation: 1, network_protocol: 0, civic_recruiting: 0, other: 0 }, postsSeen: 2 });

    path = '/home';
    stats.seen('3', {});
    expect(stats.snapshot().postsSeen).toBe(1);
    expect(stats.snapshot().counts.legislation).toBe(0);
    // A post seen again on another page counts there, no longer on the first.
    stats.seen('1', {});
    expect(stats.snapshot().postsSeen).toBe(2);
    path = '/tags/Protokoll';
    expect(stats.snapshot().postsSeen).toBe(1);
  });

  it('says how many posts it saw even when none carries a watched hashtag, and 0 on a page whose posts it cannot read', () => {
    const stats = createPageStats(() => '/');
    expect(stats.snapshot().postsSeen).toBe(0);
    for (let i = 0; i < 7; i++) stats.seen(String(i), {});
    expect(stats.snapshot()).toMatchObject({ counts: { legislation: 0, network_protocol: 0, civic_recruiting: 0, other: 0 }, postsSeen: 7 });
  });

  it('counts a post without an id as the element it is, once', () => {
    const stats = createPageStats(() => '/');
    const first = {};
    const second = {};
    stats.seen(null, first);
    stats.seen(null, first);
    stats.seen(null, second);
    stats.seen('9', {});
    expect(stats.snapshot().postsSeen).toBe(3);
  });

  it('forgets the oldest posts beyond its bound', () => {
    const stats = createPageStats(() => '/');
    for (let i = 0; i < 5_100; i++) stats.seen(String(i), {});
    expect(stats.snapshot().postsSeen).toBe(5_000);
  });

  it('reads postsSeen from an answer only when it is a count, and an answer without it (an older content script) still counts', () => {
    const counts = { legislation: 1, network_protocol: 0, civic_recruiting: 0, other: 2 };
    expect(parsePageStats({ active: true, counts, postsSeen: 9 })).toEqual({ active: true, counts, postsSeen: 9 });
    expect(parsePageStats({ active: true, counts })).toEqual({ active: true, counts });
    for (const postsSeen of [-1, 1.5, '9', null]) expect(parsePageStats({ active: true, counts, postsSeen })).toEqual({ active: true, counts });
  });
});
