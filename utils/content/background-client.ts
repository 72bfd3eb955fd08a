import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ContextId } from '../classifier/types';
import {
  CLASSIFY_PORT,
  LIMITS,
  type ClassifiedPost,
  type ClassifyPortMessage,
  type ClassifyResponse,
  type CorrectResponse,
  type PostToClassify,
  type Request,
  type ToolbarCountRequest,
  type WatchedTagsResponse,
} from '../messages';

const RETRY_DELAYS_MS = [100, 400, 1_500];
/**
 * How long a classify batch may wait for its answer on the port. The background answers every batch
 * (an empty answer when it fails) and a stopped service worker closes the port, so this only ends a
 * wait that nothing else would: the batch then counts as failed, and is retried.
 */
export const PORT_ANSWER_TIMEOUT_MS = 20_000;

/** The parts of a `runtime.Port` the client uses (Chrome's, Firefox's and the polyfill's agree on these). */
interface Port {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: (port: { error?: unknown }) => void): void };
}

interface Waiting {
  port: Port;
  settle(answer: { response: unknown } | { error: Error }): void;
}

/**
 * The classify port: opened at the first batch, opened again at the next batch after it closed (Chrome
 * stops an idle service worker, which closes every port to it). A batch in flight when the port
 * closes fails at once (its sender retries it on a new port); none waits forever.
 */
function createClassifyPort(ctx: ContentScriptContext) {
  let port: Port | null = null;
  let nextId = 1;
  const waiting = new Map<number, Waiting>();

  const fail = (id: number, error: Error) => {
    const entry = waiting.get(id);
    waiting.delete(id);
    entry?.settle({ error });
  };

  function open(): Port {
    const opened = browser.runtime.connect({ name: CLASSIFY_PORT }) as unknown as Port;
    opened.onMessage.addListener((message) => {
      const { id, response } = (message ?? {}) as { id?: unknown; response?: unknown };
      if (typeof id !== 'number') return;
      const entry = waiting.get(id);
      if (entry?.port !== opened) return;
      waiting.delete(id);
      // null: the background could not classify the batch (as a failed message, it is retried).
      entry.settle(response === null ? { error: new Error('the background could not classify the batch') } : { response });
    });
    opened.onDisconnect.addListener((closed) => {
      // Read, so Chrome does not report an unchecked runtime.lastError ("Receiving end does not exist").
      let reason: unknown;
      try {
        reason = closed?.error ?? browser.runtime.lastError;
      } catch {
        // An orphaned context may throw on any extension API.
      }
      if (port === opened) port = null;
      const detail = typeof reason === 'object' && reason !== null && 'message' in reason ? `: ${String(reason.message)}` : '';
      const error = new Error(`classify port closed${detail}`);
      for (const [id, entry] of waiting) if (entry.port === opened) fail(id, error);
    });
    return opened;
  }

  /** Closes a port for good and fails every batch waiting on it (their senders retry on a new port). */
  function drop(closing: Port, reason: Error): void {
    if (port === closing) port = null;
    for (const [id, entry] of waiting) if (entry.port === closing) fail(id, reason);
    try {
      closing.disconnect();
    } catch {
      // Already gone (with the context, or closed by the browser).
    }
  }

  // After an extension update the port is useless: close it, end every wait (the senders stop quietly).
  ctx.onInvalidated(() => {
    if (port) drop(port, new Error('Extension context invalidated.'));
    for (const id of [...waiting.keys()]) fail(id, new Error('Extension context invalidated.'));
  });
  // Chrome and Firefox close the extension ports of a page that enters the back/forward cache, without telling the
  // page: a page restored from it would post into a dead port. Closing it ourselves makes the next batch open a new one.
  ctx.addEventListener(window, 'pagehide', (event) => {
    if (event.persisted && port) drop(port, new Error('the page entered the back/forward cache'));
  });

  return {
    /** Sends one batch; resolves to the background's answer, rejects when the port failed or closed before it. */
    ask(request: ClassifyPortMessage['request']): Promise<unknown> {
      return new Promise((resolve, reject) => {
        const current = (port ??= open());
        const id = nextId++;
        try {
          current.postMessage({ id, request } satisfies ClassifyPortMessage);
        } catch (error) {
          // Closed before its disconnect event reached us: the next batch opens a new port.
          if (port === current) port = null;
          throw error;
        }
        // No answer in time: the port is dead without having said so. Nothing more goes on it.
        const timer = setTimeout(() => drop(current, new Error('no answer on the classify port')), PORT_ANSWER_TIMEOUT_MS);
        waiting.set(id, {
          port: current,
          settle: (answer) => {
            clearTimeout(timer);
            if ('error' in answer) reject(answer.error);
            else resolve(answer.response);
          },
        });
      });
    },
  };
}

/**
 * Talks to the background. Chrome may stop its service worker at any time; a request that
 * finds no receiver, or whose port closes before the answer, is retried. Once the extension is
 * updated or removed, this content script's context is invalid: requests then end quietly with `null`.
 * Classify batches and the toolbar icon's count go on a long-lived port, the rare other requests as one message each.
 */
export function createBackgroundClient(ctx: ContentScriptContext) {
  const classifyPort = createClassifyPort(ctx);

  async function send<T>(
    request: Request | ToolbarCountRequest,
    transport: (request: Request | ToolbarCountRequest) => Promise<unknown> = (r) => browser.runtime.sendMessage(r),
  ): Promise<T | null> {
    for (let attempt = 0; ; attempt++) {
      if (ctx.isInvalid) return null;
      try {
        return (await transport(request)) as T;
      } catch (error) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (ctx.isInvalid) return null;
        if (delay === undefined) {
          console.debug('[Hashtag Context] background did not answer:', error);
          return null;
        }
        await new Promise((resolve) => ctx.setTimeout(() => resolve(undefined), delay));
      }
    }
  }

  /** The transport for what goes on the long-lived port (classify batches, the toolbar count) instead of as a message. */
  const onPort = (request: Request | ToolbarCountRequest) => classifyPort.ask(request as ClassifyPortMessage['request']);

  const queue: { post: PostToClassify; done: (answer: ClassifiedPost | undefined) => void }[] = [];
  let pumping = false;

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, LIMITS.postsPerBatch);
        const unique = new Map(batch.map(({ post }) => [post.key, post]));
        const response = await send<ClassifyResponse>({ type: 'hc:classify', posts: [...unique.values()] }, onPort);
        const answers = new Map<string, ClassifiedPost>();
        if (Array.isArray(response?.results)) for (const result of response.results) answers.set(result.key, result);
        for (const { post, done } of batch) done(answers.get(post.key));
      }
    } finally {
      pumping = false;
    }
  }

  return {
    async watchedTags(): Promise<string[]> {
      const response = await send<WatchedTagsResponse>({ type: 'hc:get-watched-tags' });
      return Array.isArray(response?.tags) ? response.tags : [];
    },

    /** The toolbar icon's count of this page's sorted posts. Nothing to wait for: a lost count is replaced by the next. */
    showCount(count: number, shown: boolean): void {
      void send({ type: 'hc:toolbar-count', count, shown }, onPort);
    },

    async correct(post: PostToClassify, category: ContextId): Promise<boolean> {
      const response = await send<CorrectResponse>({ type: 'hc:correct', post, category });
      return response?.ok === true;
    },

    /**
     * Classifies posts. Requests are coalesced: one `hc:classify` batch is in flight at a time and
     * posts asked for meanwhile go out together in the next one (up to `LIMITS.postsPerBatch`), so a
     * timeline that streams in posts frame after frame costs a few messages, not one per frame.
     * Results come back in the order of `posts`, without the posts the background did not answer.
     */
    classify(posts: PostToClassify[]): Promise<ClassifyResponse['results']> {
      if (posts.length === 0) return Promise.resolve([]);
      return new Promise((resolve) => {
        const answers: (ClassifiedPost | undefined)[] = [];
        let left = posts.length;
        posts.forEach((post, index) =>
          queue.push({
            post,
            done: (answer) => {
              answers[index] = answer;
              if (--left === 0) resolve(answers.filter((a): a is ClassifiedPost => a !== undefined));
            },
          }),
        );
        void pump();
      });
    },
  };
}

export type BackgroundClient = ReturnType<typeof createBackgroundClient>;
