import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ContextId } from '../classifier/types';
import {
  LIMITS,
  type ClassifiedPost,
  type ClassifyResponse,
  type CorrectResponse,
  type PostToClassify,
  type Request,
  type WatchedTagsResponse,
} from '../messages';

const RETRY_DELAYS_MS = [100, 400, 1_500];

/**
 * Talks to the background. Chrome may stop its service worker at any time; a request that
 * finds no receiver is retried. Once the extension is updated or removed, this content
 * script's context is invalid: requests then end quietly with `null`.
 */
export function createBackgroundClient(ctx: ContentScriptContext) {
  async function send<T>(request: Request): Promise<T | null> {
    for (let attempt = 0; ; attempt++) {
      if (ctx.isInvalid) return null;
      try {
        return (await browser.runtime.sendMessage(request)) as T;
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

  const queue: { post: PostToClassify; done: (answer: ClassifiedPost | undefined) => void }[] = [];
  let pumping = false;

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, LIMITS.postsPerBatch);
        const unique = new Map(batch.map(({ post }) => [post.key, post]));
        const response = await send<ClassifyResponse>({ type: 'hc:classify', posts: [...unique.values()] });
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

    async correct(post: PostToClassify, category: ContextId): Promise<boolean> {
      const response = await send<CorrectResponse>({ type: 'hc:correct', post, category });
      return response?.ok === true;
    },

    /**
     * Classifies posts. Requests are coalesced: one `hc:classify` message is in flight at a time and
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
