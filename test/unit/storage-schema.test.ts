import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClassificationService } from '@/utils/background/classification-service';
import type { ClassifyResponse } from '@/utils/messages';
import { openStorage } from '@/utils/store';
import { approximateBytes, DB_NAME, DB_VERSION, openDatabase } from '@/utils/store/db';
import { openV1, readV1Fixture, seedV1 } from './support/v1-schema';

const settle = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

describe('database schema and migrations', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  it('is at version 2 and creates every store in a new database', async () => {
    const db = await openDatabase();
    expect(DB_VERSION).toBe(2);
    expect(db.version).toBe(2);
    expect([...db.objectStoreNames].sort()).toEqual(['corrections', 'meta', 'results']);
    expect(await db.get('meta', 'schema')).toMatchObject({ version: 2, upgradedFrom: 0 });
    db.close();
  });

  it('upgrades a database written by v1 with every correction intact', async () => {
    const fixture = readV1Fixture();
    (await seedV1(fixture)).close();

    const db = await openDatabase();
    expect(db.version).toBe(2);
    const corrections = await db.getAll('corrections');
    expect(corrections).toHaveLength(fixture.corrections.length);
    expect(corrections.sort((a, b) => a.createdAt - b.createdAt)).toEqual(fixture.corrections);
    // Cached results survive and are backfilled with their size.
    const results = await db.getAll('results');
    expect(results.map((r) => r.key).sort()).toEqual(fixture.results.map((r) => r.key).sort());
    for (const entry of results) expect(entry.bytes).toBe(approximateBytes(entry));
    expect(await db.get('meta', 'schema')).toMatchObject({ version: 2, upgradedFrom: 1 });
    db.close();
  });

  it('applies the migrated corrections over the model after the upgrade', async () => {
    const fixture = readV1Fixture();
    (await seedV1(fixture)).close();
    const service = createClassificationService(openStorage());
    const { results } = (await service.handle({
      type: 'hc:classify',
      posts: fixture.corrections.map(({ postKey, text, watchedTags }) => ({ key: postKey, text, watchedTags })),
    })) as ClassifyResponse;
    expect(results.map((r) => [r.key, r.category, r.corrected])).toEqual(
      fixture.corrections.map((c) => [c.postKey, c.category, true]),
    );
  });

  it('opening twice (a restarted background) changes nothing', async () => {
    (await seedV1()).close();
    (await openDatabase()).close();
    const db = await openDatabase();
    expect(await db.count('corrections')).toBe(readV1Fixture().corrections.length);
    expect(await db.get('meta', 'schema')).toMatchObject({ upgradedFrom: 1 });
    db.close();
  });

  it('closes its connection when a newer version wants to upgrade (blocking), so that upgrade proceeds', async () => {
    const ours = await openDatabase();
    const newer = await Promise.race([
      openDB(DB_NAME, DB_VERSION + 1, { upgrade: () => undefined }),
      settle(1_000).then(() => null),
    ]);
    expect(newer).not.toBeNull();
    expect(newer!.version).toBe(DB_VERSION + 1);
    await expect(ours.get('corrections', 'x')).rejects.toThrow(); // our connection is closed, not half-alive
    newer!.close();
  });

  it('waits, and says so, while an old connection holds the upgrade (blocked); then upgrades intact', async () => {
    const oldTab = await seedV1();
    const onBlocked = vi.fn();
    let opened = false;
    const opening = openDatabase({ onBlocked }).then((db) => {
      opened = true;
      return db;
    });
    await settle();
    expect(onBlocked).toHaveBeenCalledWith(1, 2);
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('waits for another connection'));
    expect(opened).toBe(false);

    oldTab.close(); // the other tab goes away
    const db = await opening;
    expect(db.version).toBe(2);
    expect(await db.count('corrections')).toBe(readV1Fixture().corrections.length);
    db.close();
  });

  it('keeps working in memory when an upgrade stays blocked, and lets go of the late connection', async () => {
    const oldTab = await seedV1();
    const storage = await openStorage(openDatabase, { timeoutMs: 50 });
    expect(storage.inMemoryOnly).toBe(true);
    await storage.corrections.put({ postKey: 'k', text: 't', watchedTags: [], category: 'other', createdAt: 1 });
    expect(await storage.corrections.all()).toHaveLength(1);

    oldTab.close();
    await settle(50);
    // The late v2 connection was closed at once: a further upgrade is not blocked by it.
    const next = await Promise.race([openDB(DB_NAME, DB_VERSION + 1), settle(1_000).then(() => null)]);
    expect(next).not.toBeNull();
    next!.close();
  });

  it('falls back to memory when IndexedDB does not exist (disabled storage)', async () => {
    // @ts-expect-error: a browser with storage disabled
    globalThis.indexedDB = undefined;
    const storage = await openStorage();
    expect(storage.inMemoryOnly).toBe(true);
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('IndexedDB unavailable'), expect.anything());
  });

  it('falls back to memory when opening is refused (Firefox private window)', async () => {
    const storage = await openStorage(() => Promise.reject(new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError')));
    expect(storage).toMatchObject({ inMemoryOnly: true, results: { inMemoryOnly: true }, corrections: { inMemoryOnly: true } });
  });

  it('keeps the v1 helper honest: it writes exactly the v1 schema', async () => {
    const db = await openV1();
    expect(db.version).toBe(1);
    expect([...db.objectStoreNames].sort()).toEqual(['corrections', 'results']);
    db.close();
  });
});
