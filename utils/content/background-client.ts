import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CategoryId } from '../classifier/types';
import {
  LIMITS,
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

  return {
    async watchedTags(): Promise<string[]> {
      const response = await send<WatchedTagsResponse>({ type: 'hc:get-watched-tags' });
      return Array.isArray(response?.tags) ? response.tags : [];
    },

    async correct(post: PostToClassify, category: CategoryId): Promise<boolean> {
      const response = await send<CorrectResponse>({ type: 'hc:correct', post, category });
      return response?.ok === true;
    },

    async classify(posts: PostToClassify[]): Promise<ClassifyResponse['results']> {
      const results: ClassifyResponse['results'] = [];
      for (let start = 0; start < posts.length; start += LIMITS.postsPerBatch) {
        const batch = posts.slice(start, start + LIMITS.postsPerBatch);
        const response = await send<ClassifyResponse>({ type: 'hc:classify', posts: batch });
        if (Array.isArray(response?.results)) results.push(...response.results);
      }
      return results;
    },
  };
}

export type BackgroundClient = ReturnType<typeof createBackgroundClient>;
