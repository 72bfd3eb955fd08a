// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { mastodonAdapter } from '@/utils/clients/mastodon';
import type { ClientAdapter, PostView } from '@/utils/clients/types';
import { PostScanner } from '@/utils/content/post-scanner';
import { CHIP_HOST, TOOLTIP_HOST } from '@/utils/dom-contract';

const ctx = {
  isValid: true,
  onInvalidated: () => () => undefined,
  addEventListener: (target: EventTarget, type: string, handler: EventListener) => target.addEventListener(type, handler),
} as unknown as ContentScriptContext;
const WATCHED = new Set(['protokoll']);
const carriesWatchedTag = (view: PostView) => view.hashtagLinks.some((link) => WATCHED.has(link.name));

/** The Mastodon adapter, noting which posts' text was read. */
function countingAdapter(reads: string[]): ClientAdapter {
  return {
    ...mastodonAdapter,
    readPost(post) {
      const view = mastodonAdapter.readPost(post);
      return view && new Proxy(view, { get: (target, key) => (key === 'text' && reads.push(post.getAttribute('data-id')!), Reflect.get(target, key)) });
    },
  };
}

const status = (id: string, html: string) =>
  `<article><div class="status" data-id="${id}"><div class="status__content"><div class="status__content__text"><p>${html}</p></div></div></div></article>`;
const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('post scanner', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });

  it('reads and reports only posts that carry a watched tag; the others are not read at all', () => {
    document.body.innerHTML = `<div role="feed">${status('1', 'Das <a href="/tags/Protokoll">#Protokoll</a> der Sitzung')}${status('2', 'Nur <a href="/tags/Kaffee">#Kaffee</a> heute')}${status('3', 'Kein Hashtag')}</div>`;
    const reads: string[] = [];
    const reported: PostView[][] = [];
    new PostScanner(ctx, countingAdapter(reads), (views) => reported.push(views), carriesWatchedTag).start(document.body);
    expect(reported.map((views) => views.map((view) => [view.id, view.text]))).toEqual([[['1', 'Das #Protokoll der Sitzung']]]);
    expect(reads.filter((id) => id !== '1')).toEqual([]);
  });

  it('reads posts added in one task together, in a task of its own, without waiting for an animation frame', async () => {
    document.body.innerHTML = '<div role="feed"></div>';
    const feed = document.querySelector('[role="feed"]')!;
    const batches: (string | null)[][] = [];
    const frame = vi.spyOn(globalThis, 'requestAnimationFrame').mockImplementation(() => 0); // frames never come
    new PostScanner(ctx, mastodonAdapter, (views) => batches.push(views.map((view) => view.id)), carriesWatchedTag).start(document.body);
    for (const id of ['11', '12', '13']) feed.insertAdjacentHTML('beforeend', status(id, `Post <a href="/tags/Protokoll">#Protokoll</a> ${id}`));
    await Promise.resolve(); // the mutation callback has run, the task that made the posts is not over
    expect(batches).toEqual([]);
    await nextFrame();
    frame.mockRestore();
    expect(batches).toEqual([['11', '12', '13']]);
  });

  it('flushes at once when the page comes back from the back/forward cache with a flush still pending (its task lost)', async () => {
    document.body.innerHTML = '<div role="feed"></div>';
    const feed = document.querySelector('[role="feed"]')!;
    const batches: (string | null)[][] = [];
    // Flush timers armed while the page is frozen never fire, as if the browser lost their tasks.
    const realSetTimeout = setTimeout;
    let frozen = true;
    const isFlush = (handler: unknown) => String(handler).includes('runFlush');
    vi.stubGlobal('setTimeout', (handler: () => void, ms?: number) => (frozen && isFlush(handler) ? -1 : realSetTimeout(handler, ms)));
    new PostScanner(ctx, mastodonAdapter, (views) => batches.push(views.map((view) => view.id)), carriesWatchedTag).start(document.body);
    feed.insertAdjacentHTML('beforeend', status('21', 'Post <a href="/tags/Protokoll">#Protokoll</a>'));
    await nextFrame();
    feed.insertAdjacentHTML('beforeend', status('22', 'Post <a href="/tags/Protokoll">#Protokoll</a>'));
    await nextFrame();
    expect(batches).toEqual([]); // the lost flush is still pending: later mutations ask for no other
    frozen = false;
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false }));
    await nextFrame();
    expect(batches).toEqual([]); // an ordinary page load is not a restore
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    expect(batches).toEqual([['21', '22']]);
  });

  it('reports a post once a watched tag appears in it, and again when it goes and comes back', async () => {
    document.body.innerHTML = `<div role="feed">${status('4', 'Erst ohne')}</div>`;
    const reported: (string | null)[] = [];
    const scanner = new PostScanner(ctx, mastodonAdapter, (views) => reported.push(...views.map((view) => view.text)), carriesWatchedTag);
    scanner.start(document.body);
    const paragraph = document.querySelector('.status__content__text p')!;
    paragraph.insertAdjacentHTML('beforeend', ' <a href="/tags/Protokoll">#Protokoll</a>');
    await nextFrame();
    expect(reported).toEqual(['Erst ohne #Protokoll']);

    paragraph.querySelector('a')!.remove();
    paragraph.append(document.createElement('span'));
    await nextFrame();
    paragraph.insertAdjacentHTML('beforeend', '<a href="/tags/Protokoll">#Protokoll</a>');
    await nextFrame();
    expect(reported).toEqual(['Erst ohne #Protokoll', 'Erst ohne #Protokoll']);
  });

  it('has the adapter read a post’s text when it is asked for, not before', () => {
    document.body.innerHTML = `<div role="feed">${status('7', 'vorher <a href="/tags/Protokoll">#Protokoll</a>')}</div>`;
    const view = mastodonAdapter.readPost(document.querySelector('.status')!)!;
    document.querySelector('.status__content__text p')!.prepend('nachher ');
    expect(view.text).toBe('nachher vorher #Protokoll');
    expect(view.text).toBe('nachher vorher #Protokoll');
  });

  it('does not read a post again when the extension adds its own elements to it (a chip host)', async () => {
    document.body.innerHTML = `<div role="feed">${status('8', 'Das <a href="/tags/Protokoll">#Protokoll</a>')}</div>`;
    let reads = 0;
    const adapter: ClientAdapter = { ...mastodonAdapter, readPost: (post) => (reads++, mastodonAdapter.readPost(post)) };
    new PostScanner(ctx, adapter, () => undefined, carriesWatchedTag).start(document.body);
    expect(reads).toBe(1);
    document.querySelector('.status')!.append(document.createElement(CHIP_HOST));
    document.body.append(document.createElement(TOOLTIP_HOST));
    await nextFrame();
    expect(reads).toBe(1);
    document.querySelector('.status__content__text p')!.append(' mehr');
    await nextFrame();
    expect(reads).toBe(2);
  });

  it('reports every readable post when nothing is filtered', () => {
    document.body.innerHTML = `<div role="feed">${status('5', 'a')}${status('6', 'b <a href="/tags/Protokoll">#Protokoll</a>')}</div>`;
    const reported: string[] = [];
    new PostScanner(ctx, mastodonAdapter, (views) => reported.push(...views.map((view) => view.id!))).start(document.body);
    expect(reported).toEqual(['5', '6']);
  });
});
