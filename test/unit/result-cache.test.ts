import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Classification } from '@/utils/classifier/types';
import { openStorage } from '@/utils/store';
import { MAX_CACHED_RESULTS } from '@/utils/store/result-cache';

const createResultCache = async (open?: Parameters<typeof openStorage>[0]) => (await openStorage(open)).results;

const result = (category: Classification['category']): Classification => ({
  category,
  confidence: 0.9,
  reasons: [{ kind: 'word', label: 'Bundestag', weight: 2 }],
  abstained: false,
});

describe('result cache', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
  });

  it('stores results in IndexedDB and finds them again', async () => {
    const cache = await createResultCache();
    expect(cache.inMemoryOnly).toBe(false);
    await cache.putMany([{ key: 'v1|a', result: result('legislation') }]);
    const reopened = await createResultCache();
    expect(await reopened.getMany(['v1|a', 'v1|b'])).toEqual([result('legislation'), undefined]);
  });

  it('keeps working in memory when IndexedDB cannot be opened', async () => {
    const cache = await createResultCache(() => Promise.reject(new DOMException('denied', 'InvalidStateError')));
    expect(cache.inMemoryOnly).toBe(true);
    await cache.putMany([{ key: 'k', result: result('other') }]);
    expect(await cache.getMany(['k'])).toEqual([result('other')]);
  });

  it('evicts the least recently stored results beyond its bound, in memory', async () => {
    const cache = await createResultCache(() => Promise.reject(new Error('no idb')));
    const entries = Array.from({ length: MAX_CACHED_RESULTS + 10 }, (_, i) => ({ key: `k${i}`, result: result('other') }));
    await cache.putMany(entries);
    const [first, last] = await cache.getMany(['k0', `k${MAX_CACHED_RESULTS + 9}`]);
    expect(first).toBeUndefined();
    expect(last).toEqual(result('other'));
  });
});
