import { CLASSIFIER_VERSION, classifyPost, watchedTagNames } from '../classifier';
import type { Classification } from '../classifier/types';
import type { ClassifiedPost, ClassifyResponse, PostToClassify, Request, WatchedTagsResponse } from '../messages';
import type { ResultCache } from '../store/result-cache';

/** Answers the content scripts' requests: classify posts, through the result cache. */
export function createClassificationService(cache: Promise<ResultCache>) {
  async function classify(posts: PostToClassify[]): Promise<ClassifyResponse> {
    const keys = posts.map((post) => `${CLASSIFIER_VERSION}|${post.key}`);
    const store = await cache;
    const cached = await store.getMany(keys).catch(() => keys.map(() => undefined));
    const fresh: { key: string; result: Classification }[] = [];
    const results = posts.map((post, index): ClassifiedPost => {
      let result = cached[index];
      if (!result) {
        result = classifyPost({ text: post.text, watchedTags: post.watchedTags });
        fresh.push({ key: keys[index]!, result });
      }
      return { ...result, key: post.key };
    });
    if (fresh.length > 0) {
      await store.putMany(fresh).catch((error) => console.warn('[Hashtag Context] could not cache results:', error));
    }
    return { results };
  }

  return {
    handle(request: Request): Promise<ClassifyResponse | WatchedTagsResponse> {
      switch (request.type) {
        case 'hc:get-watched-tags':
          return Promise.resolve({ tags: watchedTagNames() });
        case 'hc:classify':
          return classify(request.posts);
      }
    },
  };
}
