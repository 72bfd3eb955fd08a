// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { serveClassifyPort, type ServedPort } from '@/utils/background/classify-port';
import { classifiedExcerpt, MAX_TEXT_CHARS } from '@/utils/classifier/normalize';
import { createBackgroundClient, PORT_ANSWER_TIMEOUT_MS } from '@/utils/content/background-client';
import { startHashtagContext } from '@/utils/content/hashtag-context';
import { hashText } from '@/utils/hash';
import { CLASSIFY_PORT, type ClassifyResponse, type PostToClassify } from '@/utils/messages';

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

type Listener<T> = (value: T) => void;

/** One end of a `runtime.Port`, as the polyfill hands it out; `peer` is the other end. */
class FakePort {
  peer: FakePort | null = null;
  sender?: { id?: string; url?: string; tab?: { id?: number } };
  closed = false;
  readonly sent: unknown[] = [];
  private readonly messageListeners: Listener<unknown>[] = [];
  private readonly disconnectListeners: Listener<{ error?: unknown }>[] = [];
  readonly onMessage = { addListener: (listener: Listener<unknown>) => void this.messageListeners.push(listener) };
  readonly onDisconnect = { addListener: (listener: Listener<{ error?: unknown }>) => void this.disconnectListeners.push(listener) };

  constructor(readonly name: string) {}

  postMessage(message: unknown): void {
    if (this.closed) throw new Error('Attempt to postMessage on disconnected port');
    this.sent.push(message);
    const peer = this.peer;
    // Structured clone, delivered in a later task, as browsers do.
    const copy = structuredClone(message);
    setTimeout(() => peer && !peer.closed && peer.messageListeners.forEach((listener) => listener(copy)), 0);
  }

  /** Closed from this end: only the other end hears of it. */
  disconnect(): void {
    if (this.closed) return;
    this.closed = true;
    const peer = this.peer;
    if (peer && !peer.closed) {
      peer.closed = true;
      peer.disconnectListeners.forEach((listener) => listener({}));
    }
  }

  /** The browser closed the port (a stopped service worker, no receiver): this end hears of it, with an error. */
  dropped(message = 'Could not establish connection. Receiving end does not exist.'): void {
    this.closed = true;
    if (this.peer) this.peer.closed = true;
    this.disconnectListeners.forEach((listener) => listener({ error: { message } }));
  }
}

/**
 * `runtime.connect` against a background that answers with `answer` (or never, or by dropping the
 * port: `answer` gets the background's end). Each connect is a fresh port pair.
 */
function fakeBackgroundPorts(answer: (request: { type: string; posts: PostToClassify[] }, port: FakePort) => unknown) {
  const contentEnds: FakePort[] = [];
  const connect = vi.fn(({ name }: { name: string }) => {
    const content = new FakePort(name);
    const background = new FakePort(name);
    content.peer = background;
    background.peer = content;
    background.onMessage.addListener(async (message) => {
      const { id, request } = message as { id: number; request: { type: string; posts: PostToClassify[] } };
      const response = await answer(request, content);
      if (response !== undefined && !background.closed) background.postMessage({ id, response });
    });
    contentEnds.push(content);
    return content;
  });
  fakeBrowser.runtime.connect = connect as never;
  return { connect, contentEnds };
}

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

  it('retries a message when the service worker was killed mid-request, and gets the answer', async () => {
    const send = vi
      .fn()
      .mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'))
      .mockRejectedValueOnce(new Error('The message port closed before a response was received.'))
      .mockResolvedValueOnce({ tags: ['protokoll'] });
    fakeBrowser.runtime.sendMessage = send as never;
    const client = createBackgroundClient(asContext(fakeContext()));
    const answer = client.watchedTags();
    await vi.advanceTimersByTimeAsync(100 + 400);
    expect(await answer).toEqual(['protokoll']);
    expect(send).toHaveBeenCalledTimes(3);
    expect(send).toHaveBeenLastCalledWith({ type: 'hc:get-watched-tags' });
  });

  it('sends the toolbar icon\'s count on the classify port, not as a message of its own (and again once a stopped worker is back)', async () => {
    const send = vi.fn();
    fakeBrowser.runtime.sendMessage = send as never;
    const counts: unknown[] = [];
    let dropFirst = true;
    const { connect } = fakeBackgroundPorts((request, port) => {
      if (dropFirst) {
        dropFirst = false;
        port.dropped(); // the worker stopped before it answered
        return undefined;
      }
      counts.push(request);
      return { ok: true };
    });
    const client = createBackgroundClient(asContext(fakeContext()));
    client.showCount(12, true);
    await vi.advanceTimersByTimeAsync(100 + 5);
    expect(counts).toEqual([{ type: 'hc:toolbar-count', count: 12, shown: true }]);
    expect(connect).toHaveBeenCalledTimes(2);
    expect(send).not.toHaveBeenCalled();
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
    fakeBackgroundPorts(() => ({ results: 'nope' }));
    const client = createBackgroundClient(asContext(fakeContext()));
    const classified = client.classify([POST]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await classified).toEqual([]);
    expect(await client.watchedTags()).toEqual([]);
    expect(await client.correct(POST, 'other')).toBe(false);
  });

  it('stops quietly once an extension update invalidates its context, and sends nothing more', async () => {
    const consoles = spyConsole();
    const ctx = fakeContext();
    const connect = vi.fn().mockImplementation(() => {
      ctx.invalidate();
      throw new Error('Extension context invalidated.');
    });
    const send = vi.fn().mockRejectedValue(new Error('Extension context invalidated.'));
    fakeBrowser.runtime.connect = connect as never;
    fakeBrowser.runtime.sendMessage = send as never;
    const client = createBackgroundClient(asContext(ctx));
    expect(await client.classify([POST, { ...POST, key: '2:bb' }])).toEqual([]);
    expect(await client.correct(POST, 'other')).toBe(false);
    expect(await client.watchedTags()).toEqual([]);
    await expect(client.classify([POST])).resolves.toEqual([]);
    expect(connect).toHaveBeenCalledTimes(1);
    expect(send).not.toHaveBeenCalled();
    for (const spy of consoles) expect(spy).not.toHaveBeenCalled();
  });

  it('stops quietly when the context dies while it waits to retry', async () => {
    const consoles = spyConsole();
    const ctx = fakeContext();
    const { connect } = fakeBackgroundPorts((_request, port) => port.dropped());
    const answer = createBackgroundClient(asContext(ctx)).classify([POST]);
    await vi.advanceTimersByTimeAsync(50);
    ctx.invalidate();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await answer).toEqual([]);
    expect(connect).toHaveBeenCalledTimes(1); // the retry never goes out
    for (const spy of consoles) expect(spy).not.toHaveBeenCalled();
  });
});

describe('classify batches on a long-lived port', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const answerFor = (request: { posts: PostToClassify[] }): ClassifyResponse => ({
    results: request.posts.map(({ key }) => ({ key, category: 'legislation', confidence: 0.8, reasons: [], abstained: false })),
  });

  it('sends every batch on one port, none as a message', async () => {
    const send = vi.fn();
    fakeBrowser.runtime.sendMessage = send as never;
    const { connect, contentEnds } = fakeBackgroundPorts(answerFor);
    const client = createBackgroundClient(asContext(fakeContext()));
    const first = client.classify([POST]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await first).toEqual(ANSWER.results);
    const second = client.classify([{ ...POST, key: '2:bb' }, POST]);
    await vi.advanceTimersByTimeAsync(1);
    expect((await second).map((r) => r.key)).toEqual(['2:bb', '1:aa']);
    expect(connect).toHaveBeenCalledTimes(1);
    expect(connect).toHaveBeenCalledWith({ name: CLASSIFY_PORT });
    expect(contentEnds[0]!.sent).toEqual([
      { id: 1, request: { type: 'hc:classify', posts: [POST] } },
      { id: 2, request: { type: 'hc:classify', posts: [{ ...POST, key: '2:bb' }, POST] } },
    ]);
    expect(send).not.toHaveBeenCalled();
  });

  it('retries a batch on a new port when the service worker stops with it in flight, and gets the answer', async () => {
    let calls = 0;
    const { connect } = fakeBackgroundPorts((request, port) => (++calls === 1 ? port.dropped('The service worker stopped.') : answerFor(request)));
    const client = createBackgroundClient(asContext(fakeContext()));
    const answer = client.classify([POST]);
    await vi.advanceTimersByTimeAsync(200);
    expect(await answer).toEqual(ANSWER.results);
    expect(connect).toHaveBeenCalledTimes(2);
  });

  it('opens a new port for the next batch after the idle port was closed', async () => {
    const { connect, contentEnds } = fakeBackgroundPorts(answerFor);
    const client = createBackgroundClient(asContext(fakeContext()));
    const first = client.classify([POST]);
    await vi.advanceTimersByTimeAsync(1);
    await first;
    contentEnds[0]!.dropped('The service worker stopped.');
    const second = client.classify([POST]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await second).toEqual(ANSWER.results);
    expect(connect).toHaveBeenCalledTimes(2);
  });

  it('gives up a port that went silent after the answer timeout: the retry goes on a new port and gets the answer', async () => {
    let calls = 0;
    const { connect, contentEnds } = fakeBackgroundPorts((request) => (++calls === 1 ? undefined : answerFor(request)));
    const client = createBackgroundClient(asContext(fakeContext()));
    const answer = client.classify([POST]);
    await vi.advanceTimersByTimeAsync(PORT_ANSWER_TIMEOUT_MS + 100 + 10);
    expect(await answer).toEqual(ANSWER.results);
    expect(connect).toHaveBeenCalledTimes(2);
    expect(contentEnds[0]!.closed).toBe(true);
  });

  it('closes its port when the page enters the back/forward cache (the browser closes it without a word): the next batch opens a new one', async () => {
    const { connect, contentEnds } = fakeBackgroundPorts(answerFor);
    const client = createBackgroundClient(asContext(fakeContext()));
    const pagehide = (persisted: boolean) => window.dispatchEvent(Object.assign(new Event('pagehide'), { persisted }));
    const first = client.classify([POST]);
    await vi.advanceTimersByTimeAsync(1);
    await first;
    pagehide(false); // an ordinary unload keeps it
    expect(contentEnds[0]!.closed).toBe(false);
    pagehide(true);
    expect(contentEnds[0]!.closed).toBe(true);
    const second = client.classify([POST]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await second).toEqual(ANSWER.results);
    expect(connect).toHaveBeenCalledTimes(2);
  });

  it('retries a batch the background could not classify (null answer)', async () => {
    let calls = 0;
    fakeBackgroundPorts((request) => (++calls === 1 ? null : answerFor(request)));
    const client = createBackgroundClient(asContext(fakeContext()));
    const answer = client.classify([POST]);
    await vi.advanceTimersByTimeAsync(200);
    expect(await answer).toEqual(ANSWER.results);
    expect(calls).toBe(2);
  });

  it('never hangs: a background that never answers ends the batch empty after the timeouts and retries, with one debug line', async () => {
    const consoles = spyConsole();
    fakeBackgroundPorts(() => undefined);
    const client = createBackgroundClient(asContext(fakeContext()));
    let settled: unknown = 'pending';
    void client.classify([POST]).then((results) => (settled = results));
    await vi.advanceTimersByTimeAsync(4 * PORT_ANSWER_TIMEOUT_MS + 100 + 400 + 1_500 + 10);
    expect(settled).toEqual([]);
    const [error, warn, , , debug] = consoles;
    expect(error).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    expect(debug).toHaveBeenCalledTimes(1);
  });

  it('ends a batch in flight quietly when an extension update invalidates the context, and closes the port', async () => {
    const consoles = spyConsole();
    const ctx = fakeContext();
    const { connect, contentEnds } = fakeBackgroundPorts(() => undefined);
    const answer = createBackgroundClient(asContext(ctx)).classify([POST]);
    await vi.advanceTimersByTimeAsync(10);
    ctx.invalidate();
    expect(await answer).toEqual([]);
    expect(contentEnds[0]!.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(PORT_ANSWER_TIMEOUT_MS * 2);
    expect(connect).toHaveBeenCalledTimes(1);
    for (const spy of consoles) expect(spy).not.toHaveBeenCalled();
  });
});

describe('classify port, background side', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout'] }));
  afterEach(() => vi.useRealTimers());

  const ID = 'hashtag-context-test';
  /** A content script's port to the background: returns what the background sent back. */
  function connectTo(classify: Parameters<typeof serveClassifyPort>[2], options: { name?: string; senderId?: string } = {}) {
    const content = new FakePort(options.name ?? CLASSIFY_PORT);
    const background = new FakePort(options.name ?? CLASSIFY_PORT);
    content.peer = background;
    background.peer = content;
    background.sender = { id: options.senderId ?? ID, url: 'https://mastodon.example/tags/Protokoll' };
    const received: unknown[] = [];
    content.onMessage.addListener((message) => received.push(message));
    serveClassifyPort(background as unknown as ServedPort, ID, classify, async () => undefined);
    return { content, background, received };
  }

  it('answers each batch with its id; an invalid batch or a failure with null', async () => {
    const classify = vi.fn(async (request: { posts: PostToClassify[] }) => ({ results: [] as ClassifyResponse['results'], n: request.posts.length }));
    const { content, received } = connectTo(classify as never);
    content.postMessage({ id: 7, request: { type: 'hc:classify', posts: [POST] } });
    content.postMessage({ id: 8, request: { type: 'hc:classify', posts: 'nope' } });
    content.postMessage({ id: 9, request: { type: 'hc:get-watched-tags' } });
    content.postMessage({ request: { type: 'hc:classify', posts: [POST] } }); // no id: dropped
    await vi.advanceTimersByTimeAsync(5);
    expect(received).toEqual([
      { id: 7, response: { results: [], n: 1 } },
      { id: 8, response: null },
      { id: 9, response: null },
    ]);
    expect(classify).toHaveBeenCalledTimes(1);

    classify.mockRejectedValueOnce(new Error('IndexedDB is gone'));
    content.postMessage({ id: 10, request: { type: 'hc:classify', posts: [POST] } });
    await vi.advanceTimersByTimeAsync(5);
    expect(received.at(-1)).toEqual({ id: 10, response: null });
  });

  it('shows a count sent on the port on the toolbar icon of the port\'s tab, and answers it; an invalid one with null', async () => {
    const classify = vi.fn(async () => ANSWER as ClassifyResponse);
    const showCount = vi.fn(async () => undefined);
    const content = new FakePort(CLASSIFY_PORT);
    const background = new FakePort(CLASSIFY_PORT);
    content.peer = background;
    background.peer = content;
    background.sender = { id: ID, tab: { id: 42 } };
    const received: unknown[] = [];
    content.onMessage.addListener((message) => received.push(message));
    serveClassifyPort(background as unknown as ServedPort, ID, classify, showCount);

    content.postMessage({ id: 1, request: { type: 'hc:toolbar-count', count: 7, shown: false } });
    content.postMessage({ id: 2, request: { type: 'hc:toolbar-count', count: -3, shown: true } });
    await vi.advanceTimersByTimeAsync(5);
    expect(showCount).toHaveBeenCalledExactlyOnceWith(42, { type: 'hc:toolbar-count', count: 7, shown: false });
    expect(received).toEqual([
      { id: 1, response: { ok: true } },
      { id: 2, response: null },
    ]);
    expect(classify).not.toHaveBeenCalled();

    showCount.mockRejectedValueOnce(new Error('No tab with id: 42'));
    content.postMessage({ id: 3, request: { type: 'hc:toolbar-count', count: 8, shown: true } });
    await vi.advanceTimersByTimeAsync(5);
    expect(received.at(-1)).toEqual({ id: 3, response: null });
  });

  it('refuses ports of other extensions, leaves ports of other names alone, and drops answers for a closed port', async () => {
    const classify = vi.fn(async () => ANSWER as ClassifyResponse);
    expect(connectTo(classify, { senderId: 'someone-else' }).background.closed).toBe(true);
    const other = connectTo(classify, { name: 'other' });
    other.content.postMessage({ id: 1, request: { type: 'hc:classify', posts: [POST] } });
    await vi.advanceTimersByTimeAsync(5);
    expect(other.received).toEqual([]);
    expect(other.background.closed).toBe(false);

    const { content, background, received } = connectTo(classify);
    content.postMessage({ id: 1, request: { type: 'hc:classify', posts: [POST] } });
    content.disconnect(); // the tab navigated away before the answer
    await vi.advanceTimersByTimeAsync(5);
    expect(received).toEqual([]);
    expect(background.sent).toEqual([]);
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

describe('content script: what a classify request carries', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.innerHTML = '';
  });

  it('sends a long post’s text as the excerpt the classifier reads, keyed by its whole text; a short post as it is', async () => {
    const long = `Anfang ${'langer Bericht über die Sitzung '.repeat(400)}Ende #Protokoll`;
    const short = 'Das #Protokoll der Ratssitzung';
    const article = (id: string, text: string) =>
      `<article data-id="${id}"><div class="status" data-id="${id}"><div class="status__content"><div class="status__content__text"><p>${text.replace('#Protokoll', '<a href="/tags/Protokoll">#<span>Protokoll</span></a>')}</p></div></div></div></article>`;
    document.body.innerHTML = `<div id="mastodon"><div class="item-list" role="feed">${article('1', long)}${article('2', short)}</div></div>`;
    fakeBrowser.runtime.sendMessage = vi.fn().mockImplementation(async () => ({ tags: ['protokoll'] })) as never;
    const asked: PostToClassify[] = [];
    fakeBackgroundPorts((request) => {
      if (request.type !== 'hc:classify') return { ok: true }; // the toolbar icon's count
      asked.push(...request.posts);
      return { results: request.posts.map(({ key }) => ({ key, category: 'legislation', confidence: 0.8, reasons: [], abstained: false })) };
    });
    const ctx = fakeContext();
    await startHashtagContext(asContext(ctx));
    await vi.waitFor(() => expect(document.querySelectorAll('[data-hc-category]').length).toBe(2));
    ctx.invalidate();

    expect(long.length).toBeGreaterThan(MAX_TEXT_CHARS);
    expect(asked.map(({ key, text }) => [key, text])).toEqual([
      [`1:${hashText(long)}`, classifiedExcerpt(long)],
      [`2:${hashText(short)}`, short],
    ]);
    expect(classifiedExcerpt(long).length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
  });
});
