import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createClassificationService } from '@/utils/background/classification-service';
import { CLASSIFIER_VERSION } from '@/utils/classifier';
import type { Classification } from '@/utils/classifier/types';
import type { ClassifyResponse, WatchedTagsResponse } from '@/utils/messages';
import { createResultCache, type ResultCache } from '@/utils/store/result-cache';

const MINUTES = {
  key: '1:aa',
  text: 'Internes #Protokoll: Die EU-Staaten können sich im Rat nicht auf eine Position zur #Chatkontrolle einigen. netzpolitik.org',
  watchedTags: ['protokoll', 'chatkontrolle'],
};

describe('classification service (background)', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
  });

  it('names the watched hashtags, #Protokoll among them', async () => {
    const service = createClassificationService(createResultCache());
    const { tags } = (await service.handle({ type: 'hc:get-watched-tags' })) as WatchedTagsResponse;
    expect(tags).toContain('protokoll');
    expect(tags.every((tag) => tag === tag.toLowerCase())).toBe(true);
  });

  it('classifies, caches under the classifier version, and answers from the cache next time', async () => {
    const cache = await createResultCache();
    const service = createClassificationService(Promise.resolve(cache));
    const first = (await service.handle({ type: 'hc:classify', posts: [MINUTES] })) as ClassifyResponse;
    expect(first.results[0]).toMatchObject({ key: '1:aa', category: 'legislation' });
    const [cached] = await cache.getMany([`${CLASSIFIER_VERSION}|1:aa`]);
    expect(cached?.category).toBe('legislation');

    const planted: Classification = { category: 'other', confidence: 1, reasons: [], abstained: false };
    await cache.putMany([{ key: `${CLASSIFIER_VERSION}|1:aa`, result: planted }]);
    const second = (await service.handle({ type: 'hc:classify', posts: [MINUTES] })) as ClassifyResponse;
    expect(second.results[0]).toEqual({ ...planted, key: '1:aa' });
  });

  it('still answers when the cache fails', async () => {
    const broken: ResultCache = {
      inMemoryOnly: false,
      getMany: () => Promise.reject(new Error('QuotaExceededError')),
      putMany: () => Promise.reject(new Error('QuotaExceededError')),
    };
    const service = createClassificationService(Promise.resolve(broken));
    const response = (await service.handle({ type: 'hc:classify', posts: [MINUTES] })) as ClassifyResponse;
    expect(response.results[0]?.category).toBe('legislation');
  });
});
