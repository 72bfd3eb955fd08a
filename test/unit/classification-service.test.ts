import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createClassificationService } from '@/utils/background/classification-service';
import type { Classification } from '@/utils/classifier/types';
import type { ClassifyResponse, PostToClassify, WatchedTagsResponse } from '@/utils/messages';
import { openStorage, type Storage } from '@/utils/store';
import { MemoryCorrectionStore } from '@/utils/store/corrections';

const MINUTES: PostToClassify = {
  key: '1:aa',
  text: 'Internes #Protokoll: Die EU-Staaten können sich im Rat nicht auf eine Position zur #Chatkontrolle einigen. netzpolitik.org',
  watchedTags: ['protokoll', 'chatkontrolle'],
};

const councilPost = (n: number): PostToClassify => ({
  key: `council:${n}`,
  text: `Protokoll ${n} der Gemeinderatssitzung Musterstadt: Bebauungsplan Lindenweg, Spielplatz, Haushalt vertagt. #Protokoll #Musterstadt`,
  watchedTags: ['protokoll'],
});

async function classify(service: ReturnType<typeof createClassificationService>, post: PostToClassify) {
  const { results } = (await service.handle({ type: 'hc:classify', posts: [post] })) as ClassifyResponse;
  return results[0]!;
}

describe('classification service (background)', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
  });

  it('names the watched hashtags, #Protokoll among them', async () => {
    const service = createClassificationService(openStorage());
    const { tags } = (await service.handle({ type: 'hc:get-watched-tags' })) as WatchedTagsResponse;
    expect(tags.map((tag) => tag.toLowerCase())).toContain('protokoll');
  });

  it('classifies, caches, and answers from the cache next time', async () => {
    const storage = await openStorage();
    const service = createClassificationService(Promise.resolve(storage));
    expect(await classify(service, MINUTES)).toMatchObject({ key: '1:aa', category: 'legislation' });

    // Plant a different result under every cached key: a second request must come from the cache.
    const planted: Classification = { category: 'other', confidence: 0.9, reasons: [], abstained: false };
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open('hashtag-context');
      request.onsuccess = () => resolve(request.result);
    });
    const keys = await new Promise<string[]>((resolve) => {
      const request = db.transaction('results').objectStore('results').getAllKeys();
      request.onsuccess = () => resolve(request.result as string[]);
    });
    expect(keys).toHaveLength(1);
    await storage.results.putMany([{ key: keys[0]!, result: planted }]);
    expect(await classify(service, MINUTES)).toEqual({ ...planted, key: '1:aa' });
  });

  it('puts a correction above the model, and keeps it across restarts', async () => {
    const service = createClassificationService(openStorage());
    await service.handle({ type: 'hc:correct', post: MINUTES, category: 'network_protocol' });
    expect(await classify(service, MINUTES)).toMatchObject({ category: 'network_protocol', corrected: true });

    const restarted = createClassificationService(openStorage());
    expect(await classify(restarted, MINUTES)).toMatchObject({ category: 'network_protocol', corrected: true });
  });

  it('gives a fourth similar post the context of three corrections', async () => {
    const service = createClassificationService(openStorage());
    expect((await classify(service, councilPost(4))).category).toBe('legislation');
    for (const n of [1, 2, 3]) await service.handle({ type: 'hc:correct', post: councilPost(n), category: 'other' });
    expect(await classify(service, councilPost(4))).toMatchObject({ category: 'other', abstained: false });
    expect((await classify(service, MINUTES)).category).toBe('legislation');
  });

  it('still answers when the cache fails', async () => {
    const broken: Storage = {
      inMemoryOnly: false,
      corrections: new MemoryCorrectionStore(),
      results: {
        inMemoryOnly: false,
        getMany: () => Promise.reject(new Error('QuotaExceededError')),
        putMany: () => Promise.reject(new Error('QuotaExceededError')),
        clear: () => Promise.reject(new Error('QuotaExceededError')),
      },
    };
    const service = createClassificationService(Promise.resolve(broken));
    expect((await classify(service, MINUTES)).category).toBe('legislation');
  });
});
