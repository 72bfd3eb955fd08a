// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createBackgroundClient } from '@/utils/content/background-client';
import { startHashtagContext } from '@/utils/content/hashtag-context';
import type { PostToClassify } from '@/utils/messages';

const POST: PostToClassify = { key: '1:aa', text: 'Das #Protokoll der Ratssitzung', watchedTags: ['protokoll'] };
const ANSWER = { results: [{ key: '1:aa', category: 'legislation', confidence: 0.8, reasons: [], abstained: false }] };

/** The few parts of WXT's content script context the client uses; `invalidate()` is an extension update. */
function fakeContext() {
  const callbacks: (() => void)[] = [];
  const ctx = {
    isInvalid: false,
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    requestAnimationFrame: (fn: FrameRequestCallback) => requestAnimationFrame(fn),
    setInterval: (fn: () => void, ms: number) => setInterval(fn, ms),
    addEventListener: (target: EventTarget, type: string, handler: EventListener, options?: AddEventListenerOptions) =>
      target.addEventListener(type, handler, options),
    onInvalidated: (cb: () => void) => void callbacks.push(cb),
    invalidate() {
      ctx.isInvalid = true;
      callbacks.forEach((cb) => cb());
    },
  };
  return ctx;
}
const asContext = (ctx: ReturnType<typeof fakeContext>) => ctx as unknown as ContentScriptContext;

/** Every console channel, to prove nothing is printed. */
function spyConsole() {
  return (['error', 'warn', 'log', 'info', 'debug'] as const).map((method) => vi.spyOn(console, method).mockImplementation(() => undefined));
}

describe('background client (content script → background)', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout'] }));
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('retries when the service worker was killed mid-request, and gets the answer', async () => {
    const send = vi
      .fn()
      .mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'))
      .mockRejectedValueOnce(new Error('The message port closed before a response was received.'))
      .mockResolvedValueOnce(ANSWER);
    fakeBrowser.runtime.sendMessage = send as never;
    const client = createBackgroundClient(asContext(fakeContext()));
    const answer = client.classify([POST]);
    await vi.advanceTimersByTimeAsync(100 + 400);
    expect(await answer).toEqual(ANSWER.results);
    expect(send).toHaveBeenCalledTimes(3);
    expect(send).toHaveBeenLastCalledWith({ type: 'hc:classify', posts: [POST] });
  });

  it('gives up after its retries with an empty answer and one debug line, never an error', async () => {
    const consoles = spyConsole();
    const send = vi.fn().mockRejectedValue(new Error('Receiving end does not exist.'));
    fakeBrowser.runtime.sendMessage = send as never;
    const client = createBackgroundClient(asContext(fakeContext()));
    const answer = client.watchedTags();
    await vi.advanceTimersByTimeAsync(100 + 400 + 1_500);
    expect(await answer).toEqual([]);
    expect(send).toHaveBeenCalledTimes(4);
    const [error, warn] = consoles;
    expect(error).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });

  it('ignores a malformed answer from the background', async () => {
    fakeBrowser.runtime.sendMessage = vi.fn().mockResolvedValue({ results: 'nope', tags: 42 }) as never;
    const client = createBackgroundClient(asContext(fakeContext()));
    expect(await client.classify([POST])).toEqual([]);
    expect(await client.watchedTags()).toEqual([]);
    expect(await client.correct(POST, 'other')).toBe(false);
  });

  it('stops quietly once an extension update invalidates its context, and sends nothing more', async () => {
    const consoles = spyConsole();
    const ctx = fakeContext();
    const send = vi.fn().mockImplementation(async () => {
      ctx.invalidate();
      throw new Error('Extension context invalidated.');
    });
    fakeBrowser.runtime.sendMessage = send as never;
    const client = createBackgroundClient(asContext(ctx));
    expect(await client.classify([POST, { ...POST, key: '2:bb' }])).toEqual([]);
    expect(await client.correct(POST, 'other')).toBe(false);
    expect(await client.watchedTags()).toEqual([]);
    expect(send).toHaveBeenCalledTimes(1);
    for (const spy of consoles) expect(spy).not.toHaveBeenCalled();
  });

  it('stops quietly when the context dies while it waits to retry', async () => {
    const consoles = spyConsole();
    const ctx = fakeContext();
    const send = vi.fn().mockRejectedValue(new Error('Receiving end does not exist.'));
    fakeBrowser.runtime.sendMessage = send as never;
    const answer = createBackgroundClient(asContext(ctx)).classify([POST]);
    await vi.advanceTimersByTimeAsync(50);
    ctx.invalidate();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await answer).toEqual([]);
    expect(send).toHaveBeenCalledTimes(1); // the retry never goes out
    for (const spy of consoles) expect(spy).not.toHaveBeenCalled();
  });
});

describe('content script after an extension update', () => {
  afterEach(() => vi.restoreAllMocks());

  it('starts, finds its context invalidated, and ends without error, console output or page changes', async () => {
    document.body.innerHTML = `<div id="mastodon"><div class="item-list" role="feed"><article data-id="1"><div class="status" data-id="1">
      <div class="status__content"><div class="status__content__text"><p>Das <a href="/tags/Protokoll">#<span>Protokoll</span></a></p></div></div>
      </div></article></div></div>`;
    const consoles = spyConsole();
    const ctx = fakeContext();
    fakeBrowser.runtime.sendMessage = vi.fn().mockImplementation(async (message: { type: string }) => {
      if (message.type === 'hc:get-watched-tags') return { tags: ['Protokoll'] };
      ctx.invalidate();
      throw new Error('Extension context invalidated.');
    }) as never;
    const getValue = vi.fn().mockImplementation(async () => {
      ctx.invalidate();
      throw new Error('Extension context invalidated.');
    });
    const settings = await import('@/utils/store/settings');
    vi.spyOn(settings.visibilitySetting, 'getValue').mockImplementation(getValue);

    await expect(startHashtagContext(asContext(ctx))).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(getValue).toHaveBeenCalled();
    expect(document.querySelector('[data-hc-category]')).toBeNull();
    expect(document.querySelector('style')).toBeNull();
    for (const spy of consoles) expect(spy).not.toHaveBeenCalled();
  });
});
