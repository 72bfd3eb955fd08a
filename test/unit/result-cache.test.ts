import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Classification } from '@/utils/classifier/types';
import { openStorage } from '@/utils/store';
import { openDatabase } from '@/utils/store/db';
import {
  IndexedDbResultCache,
  MAX_CACHED_RESULTS,
  MemoryResultCache,
  TieredResultCache,
} from '@/utils/store/result-cache';

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

describe('reads', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
  });

  it('reads without a read-write transaction and records the reads later, in one flush', async () => {
    const db = await openDatabase();
    let clock = 1_000;
    const cache = new IndexedDbResultCache(db, { now: () => clock, touchDelayMs: 60_000 });
    await cache.putMany([{ key: 'a', result: result('legislation') }]);
    const transaction = vi.spyOn(db, 'transaction');
    clock = 5_000;
    expect(await cache.getMany(['a', 'missing'])).toEqual([result('legislation'), undefined]);
    expect(transaction.mock.calls.map((call) => call[1])).toEqual(['readonly']);
    expect((await db.get('results', 'a'))?.usedAt).toBe(1_000);
    await cache.flushTouches();
    expect((await db.get('results', 'a'))?.usedAt).toBe(5_000);
    db.close();
  });

  it('loses no read and throws nothing when the database closed before the flush', async () => {
    const db = await openDatabase();
    const cache = new IndexedDbResultCache(db, { touchDelayMs: 60_000 });
    await cache.putMany([{ key: 'a', result: result('other') }]);
    expect(await cache.getMany(['a'])).toEqual([result('other')]);
    db.close();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(cache.flushTouches()).resolves.toBeUndefined();
    warn.mockRestore();
  });

  it('answers posts read a moment ago from memory, and copies durable hits to memory', async () => {
    const durable = new MemoryResultCache();
    const cache = new TieredResultCache(new MemoryResultCache({ maxEntries: 10 }), durable);
    await durable.putMany([{ key: 'stored', result: result('network_protocol') }]);
    const durableReads = vi.spyOn(durable, 'getMany');

    expect(await cache.getMany(['stored', 'unknown'])).toEqual([result('network_protocol'), undefined]);
    expect(durableReads).toHaveBeenLastCalledWith(['stored', 'unknown']);
    await cache.putMany([{ key: 'fresh', result: result('other') }]);
    durableReads.mockClear();

    expect(await cache.getMany(['fresh', 'stored'])).toEqual([result('other'), result('network_protocol')]);
    expect(durableReads).not.toHaveBeenCalled();
    expect(await durable.getMany(['fresh'])).toEqual([result('other')]);
  });

  it('forgets both layers when cleared', async () => {
    const cache = await createResultCache();
    await cache.putMany([{ key: 'k', result: result('other') }]);
    await cache.clear();
    expect(await cache.getMany(['k'])).toEqual([undefined]);
    expect(await (await createResultCache()).getMany(['k'])).toEqual([undefined]);
  });
});
