import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createClassificationService } from '@/utils/background/classification-service';
import {
  isAllowedFrom,
  LIMITS,
  parseRequest,
  type ClassifyResponse,
  type CorrectionListResponse,
  type ExportResponse,
  type ImportResponse,
  type PostToClassify,
  type Request,
  type StorageStatusResponse,
} from '@/utils/messages';
import { openStorage, type Correction, type Storage } from '@/utils/store';
import { BACKUP_FORMAT, BACKUP_LIMITS, exportBackup, parseBackup, type BackupData } from '@/utils/store/backup';
import { MemoryCorrectionStore } from '@/utils/store/corrections';
import { openDatabase } from '@/utils/store/db';
import { MemoryResultCache } from '@/utils/store/result-cache';
import { formatMessage } from './support/locale';
import { contextDisplaySetting, customTagsSetting, DEFAULT_VISIBILITY, tagVisibilitySetting, visibilitySetting } from '@/utils/store/settings';

const EXTENSION = 'chrome-extension://abcdefghijklmnop/';

const correction = (n: number, category: Correction['category'] = 'legislation'): Correction => ({
  postKey: `post:${n}`,
  text: `Post ${n} zum #Protokoll`,
  watchedTags: ['protokoll'],
  category,
  createdAt: 1_700_000_000_000 + n,
});

const backup = (data: Partial<BackupData> = {}): string =>
  exportBackup({
    settings: { visibility: { ...DEFAULT_VISIBILITY, other: 'hide' } },
    watchedTags: ['plenum', 'Stadtrat'],
    corrections: [correction(10, 'civic_recruiting'), correction(11, 'network_protocol')],
    ...data,
  });

async function setUp(storage: Promise<Storage> = openStorage()) {
  const service = createClassificationService(storage);
  const ask = <T>(request: Request) => service.handle(request) as Promise<T>;
  return { service, ask, storage: await storage };
}

/** Everything an import may change, to compare before and after. */
async function snapshot(storage: Storage) {
  const corrections = await storage.corrections.all();
  return {
    corrections: corrections.sort((a, b) => a.postKey.localeCompare(b.postKey)),
    tags: await customTagsSetting.getValue(),
    visibility: await visibilitySetting.getValue(),
    tagVisibility: await tagVisibilitySetting.getValue(),
    contextDisplay: await contextDisplaySetting.getValue(),
  };
}

describe('backup messages: protocol', () => {
  it('parses hc:export, hc:storage-status and hc:import, and drops malformed ones', () => {
    expect(parseRequest({ type: 'hc:export' })).toEqual({ type: 'hc:export' });
    expect(parseRequest({ type: 'hc:storage-status', extra: 1 })).toEqual({ type: 'hc:storage-status' });
    expect(parseRequest({ type: 'hc:import', json: '{}', mode: 'merge' })).toEqual({ type: 'hc:import', json: '{}', mode: 'merge' });
    expect(parseRequest({ type: 'hc:import', json: '{}', mode: 'replace', junk: true })).toEqual({ type: 'hc:import', json: '{}', mode: 'replace' });
    expect(parseRequest({ type: 'hc:import', json: '{}' })).toBeNull();
    expect(parseRequest({ type: 'hc:import', json: '{}', mode: 'overwrite' })).toBeNull();
    expect(parseRequest({ type: 'hc:import', json: { format: BACKUP_FORMAT }, mode: 'merge' })).toBeNull();
    expect(parseRequest({ type: 'hc:import', json: 'x'.repeat(LIMITS.backupLength + 1), mode: 'merge' })).toBeNull();
    expect(parseRequest({ type: 'hc:import', json: 'x'.repeat(LIMITS.backupLength), mode: 'merge' })).not.toBeNull();
  });

  it('caps an import message at the size of the largest backup file', () => {
    expect(LIMITS.backupLength).toBe(BACKUP_LIMITS.fileBytes);
  });

  it('answers export, import and storage status to extension pages only', () => {
    for (const request of [
      { type: 'hc:export' },
      { type: 'hc:storage-status' },
      { type: 'hc:import', json: '{}', mode: 'replace' },
    ] as Request[]) {
      expect(isAllowedFrom(request, `${EXTENSION}options.html`, EXTENSION), request.type).toBe(true);
      expect(isAllowedFrom(request, 'https://mastodon.social/tags/Protokoll', EXTENSION), request.type).toBe(false);
      expect(isAllowedFrom(request, undefined, EXTENSION), request.type).toBe(false);
      // A page whose URL merely contains the extension's origin is not the extension.
      expect(isAllowedFrom(request, `https://evil.example/?${EXTENSION}`, EXTENSION), request.type).toBe(false);
    }
  });
});

describe('backup messages: background', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
  });

  it('exports settings, own hashtags and every correction (whole texts) as a file parseBackup reads', async () => {
    const { ask, storage } = await setUp();
    const long = { ...correction(1), text: `${'Langer Beitrag '.repeat(40)}#Protokoll` };
    await storage.corrections.put(long);
    await storage.corrections.put(correction(2, 'other'));
    await customTagsSetting.setValue(['plenum']);
    await visibilitySetting.setValue({ ...DEFAULT_VISIBILITY, legislation: 'dim' });
    await tagVisibilitySetting.setValue({ matrix: { network_protocol: 'hide' } });
    // Stored by hand before the options page checked it: exported as the pages show it.
    await contextDisplaySetting.setValue({ legislation: { name: ' Gesetze ', color: '#AA0000' }, other: { color: '#00aa00', name: '' } });

    const { json } = await ask<ExportResponse>({ type: 'hc:export' });
    const parsed = parseBackup(json);
    expect(parsed).toEqual({
      ok: true,
      data: {
        settings: {
          visibility: { ...DEFAULT_VISIBILITY, legislation: 'dim' },
          tagVisibility: { matrix: { network_protocol: 'hide' } },
          customContexts: [],
          contextDisplay: { legislation: { name: 'Gesetze', color: '#aa0000' }, other: { color: '#00aa00' } },
        },
        watchedTags: ['plenum'],
        corrections: [long, correction(2, 'other')],
      },
    });
  });

  it('exports an empty backup when nothing is stored', async () => {
    const { ask } = await setUp();
    const parsed = parseBackup((await ask<ExportResponse>({ type: 'hc:export' })).json);
    expect(parsed).toEqual({
      ok: true,
      data: { settings: { visibility: DEFAULT_VISIBILITY, tagVisibility: {}, customContexts: [], contextDisplay: {} }, watchedTags: [], corrections: [] },
    });
  });

  it('restores an exported backup after everything was cleared (replace)', async () => {
    const { ask, storage } = await setUp();
    await storage.corrections.put(correction(1));
    await storage.corrections.put(correction(2, 'network_protocol'));
    await customTagsSetting.setValue(['plenum', 'stadtrat']);
    await visibilitySetting.setValue({ ...DEFAULT_VISIBILITY, other: 'hide' });
    await tagVisibilitySetting.setValue({ protokoll: { civic_recruiting: 'dim' } });
    await contextDisplaySetting.setValue({ civic_recruiting: { name: 'Mitmachen', color: '#123456' } });
    const before = await snapshot(storage);
    const { json } = await ask<ExportResponse>({ type: 'hc:export' });

    await ask({ type: 'hc:clear-corrections' });
    await customTagsSetting.setValue([]);
    await visibilitySetting.setValue(DEFAULT_VISIBILITY);
    await tagVisibilitySetting.setValue({});
    await contextDisplaySetting.setValue({});

    expect(await ask<ImportResponse>({ type: 'hc:import', json, mode: 'replace' })).toEqual({ ok: true, corrections: 2, tags: 2, contexts: 0 });
    expect(await snapshot(storage)).toEqual(before);
  });

  it('imports again what it exported, with far more corrections than a reader makes in years', async () => {
    const { ask, storage } = await setUp();
    const longText = `${'Wer schreibt das Protokoll beim Plenum? '.repeat(15)}#Protokoll`; // about 600 characters, a long toot
    const many = Array.from({ length: 12_000 }, (_, n) => ({ ...correction(n, n % 2 ? 'civic_recruiting' : 'legislation'), text: `${n} ${longText}` }));
    await storage.corrections.putAll(many, { replace: true });
    const { json } = await ask<ExportResponse>({ type: 'hc:export' });
    expect(json.length).toBeGreaterThan(5 * 1024 * 1024); // more than the old 5 MB cap refused
    expect(parseRequest({ type: 'hc:import', json, mode: 'replace' })).not.toBeNull();

    await ask({ type: 'hc:clear-corrections' });
    expect(await ask<ImportResponse>({ type: 'hc:import', json, mode: 'replace' })).toEqual({ ok: true, corrections: 12_000, tags: 0, contexts: 0 });
    expect((await storage.corrections.all()).length).toBe(12_000);
  });

  it('replace deletes the stored corrections and own hashtags; merge keeps them and the file wins for the same post', async () => {
    const { ask, storage } = await setUp();
    await storage.corrections.put(correction(1));
    await storage.corrections.put(correction(10, 'other'));
    await customTagsSetting.setValue(['eigenes']);

    expect(await ask<ImportResponse>({ type: 'hc:import', json: backup(), mode: 'merge' })).toEqual({ ok: true, corrections: 2, tags: 2, contexts: 0 });
    let stored = await snapshot(storage);
    expect(stored.corrections.map((c) => [c.postKey, c.category])).toEqual([
      ['post:1', 'legislation'],
      ['post:10', 'civic_recruiting'],
      ['post:11', 'network_protocol'],
    ]);
    expect(stored.tags).toEqual(['eigenes', 'plenum', 'stadtrat']);
    expect(stored.visibility).toEqual({ ...DEFAULT_VISIBILITY, other: 'hide' });

    expect(await ask<ImportResponse>({ type: 'hc:import', json: backup({ watchedTags: ['plenum'] }), mode: 'replace' })).toMatchObject({ ok: true });
    stored = await snapshot(storage);
    expect(stored.corrections.map((c) => c.postKey)).toEqual(['post:10', 'post:11']);
    expect(stored.tags).toEqual(['plenum']);
  });

  it('takes the built-in contexts\' names and colours from the file: per context (merge) or all of them (replace); older files leave them', async () => {
    const { ask } = await setUp();
    await contextDisplaySetting.setValue({ legislation: { name: 'Gesetze' }, other: { color: '#00aa00' } });
    const withDisplay = (display: unknown) => backup().replace('"settings": {', `"settings": { "contextDisplay": ${JSON.stringify(display)},`);

    expect(await ask<ImportResponse>({ type: 'hc:import', json: withDisplay({ other: { name: 'Rest' } }), mode: 'merge' })).toMatchObject({ ok: true });
    expect(await contextDisplaySetting.getValue()).toEqual({ legislation: { name: 'Gesetze' }, other: { name: 'Rest' } });

    expect(await ask<ImportResponse>({ type: 'hc:import', json: backup(), mode: 'replace' })).toMatchObject({ ok: true });
    expect(await contextDisplaySetting.getValue()).toEqual({ legislation: { name: 'Gesetze' }, other: { name: 'Rest' } });

    expect(await ask<ImportResponse>({ type: 'hc:import', json: withDisplay({ network_protocol: { color: '#ABCDEF' } }), mode: 'replace' })).toMatchObject({ ok: true });
    expect(await contextDisplaySetting.getValue()).toEqual({ network_protocol: { color: '#abcdef' } });
  });

  it('normalises imported hashtags and leaves out the ones watched anyway', async () => {
    const { ask } = await setUp();
    const outcome = await ask<ImportResponse>({
      type: 'hc:import',
      json: backup({ watchedTags: ['Plenum', 'plenum', 'Protokoll', 'chatcontrol'] }),
      mode: 'replace',
    });
    expect(outcome).toEqual({ ok: true, corrections: 2, tags: 1, contexts: 0 });
    expect(await customTagsSetting.getValue()).toEqual(['plenum']);
  });

  it('puts imported corrections above the model at once, and drops results cached before', async () => {
    const { ask, storage } = await setUp();
    const post: PostToClassify = { key: 'post:10', text: correction(10).text, watchedTags: ['protokoll'] };
    const first = await ask<ClassifyResponse>({ type: 'hc:classify', posts: [post] });
    expect(first.results[0]!.corrected).toBeUndefined();
    await storage.results.putMany([{ key: 'stale', result: { category: 'other', confidence: 1, reasons: [], abstained: false } }]);

    await ask({ type: 'hc:import', json: backup(), mode: 'merge' });
    const { results } = await ask<ClassifyResponse>({ type: 'hc:classify', posts: [post] });
    expect(results[0]).toMatchObject({ category: 'civic_recruiting', corrected: true });
    expect(await storage.results.getMany(['stale'])).toEqual([undefined]);
    const listed = await ask<CorrectionListResponse>({ type: 'hc:list-corrections' });
    expect(listed.corrections.map((c) => c.postKey)).toEqual(['post:11', 'post:10']);
  });

  const hostile: [string, string][] = [
    ['not JSON', 'this is not json'],
    ['truncated', backup().slice(0, 200)],
    ['empty', ''],
    ['another format', JSON.stringify({ format: 'something-else', version: 1 })],
    ['prototype pollution', backup().replace('"settings": {', '"settings": { "__proto__": { "polluted": true },')],
    ['a newer version', backup().replace('"version": 1', '"version": 99')],
    ['an unknown category', backup().replace('"civic_recruiting"', '"pwned"')],
    ['a script as hashtag', backup({ watchedTags: ['<script>alert(1)</script>'] })],
    ['too many corrections', backup({ corrections: Array.from({ length: BACKUP_LIMITS.corrections + 1 }, (_, n) => correction(n)) })],
    ['a repeated post', backup({ corrections: [correction(1), correction(1, 'other')] })],
    ['a context name with a script in a colour', backup().replace('"settings": {', '"settings": { "contextDisplay": { "other": { "color": "red;background:url(x)" } },')],
    ['a name for a context that does not exist', backup().replace('"settings": {', '"settings": { "contextDisplay": { "pwned": { "name": "x" } },')],
    ['too deep', `{"format":"${BACKUP_FORMAT}","version":1,"settings":{},"watchedTags":[],"corrections":[${'['.repeat(20)}${']'.repeat(20)}]}`],
  ];

  it.each(hostile)('rejects a file that is %s with a message, and changes nothing', async (_what, json) => {
    const { ask, storage } = await setUp();
    await storage.corrections.put(correction(1));
    await customTagsSetting.setValue(['eigenes']);
    await visibilitySetting.setValue({ ...DEFAULT_VISIBILITY, legislation: 'dim' });
    await storage.results.putMany([{ key: 'cached', result: { category: 'other', confidence: 1, reasons: [], abstained: false } }]);
    const before = await snapshot(storage);

    for (const mode of ['merge', 'replace'] as const) {
      const outcome = await ask<ImportResponse>({ type: 'hc:import', json, mode });
      expect(outcome.ok).toBe(false);
      expect(outcome.ok === false && formatMessage('en', outcome.problem.message, outcome.problem.values).length).toBeGreaterThan(10);
    }
    expect(await snapshot(storage)).toEqual(before);
    expect((await storage.results.getMany(['cached']))[0]).toBeDefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a merge that would watch more own hashtags than allowed, and changes nothing', async () => {
    const { ask, storage } = await setUp();
    await customTagsSetting.setValue(Array.from({ length: 90 }, (_, n) => `eigenes${n}`));
    const before = await snapshot(storage);
    const outcome = await ask<ImportResponse>({
      type: 'hc:import',
      json: backup({ watchedTags: Array.from({ length: 20 }, (_, n) => `neu${n}`) }),
      mode: 'merge',
    });
    expect(outcome).toEqual({ ok: false, problem: { message: 'importTooManyTagsMerged', values: [110, 100] } });
    expect(await snapshot(storage)).toEqual(before);
    // Replacing instead fits.
    expect(
      await ask<ImportResponse>({ type: 'hc:import', json: backup({ watchedTags: Array.from({ length: 20 }, (_, n) => `neu${n}`) }), mode: 'replace' }),
    ).toMatchObject({ ok: true, tags: 20 });
  });

  it('says so and changes nothing when the corrections cannot be written', async () => {
    class FailingStore extends MemoryCorrectionStore {
      override async putAll(): Promise<void> {
        throw new Error('disk on fire');
      }
    }
    const corrections = new FailingStore();
    await corrections.put(correction(1));
    const { ask, storage } = await setUp(Promise.resolve({ results: new MemoryResultCache(), corrections, inMemoryOnly: true }));
    await customTagsSetting.setValue(['eigenes']);
    const before = await snapshot(storage);
    const outcome = await ask<ImportResponse>({ type: 'hc:import', json: backup(), mode: 'replace' });
    expect(outcome).toEqual({ ok: false, problem: { message: 'importCorrectionsNotStored', values: ['disk on fire'] } });
    expect(await snapshot(storage)).toEqual(before);
  });

  it('puts the corrections and every setting back when the settings cannot be written', async () => {
    const { ask, storage } = await setUp();
    await storage.corrections.put(correction(1));
    await customTagsSetting.setValue(['eigenes']);
    await contextDisplaySetting.setValue({ legislation: { name: 'Gesetze' } });
    const before = await snapshot(storage);
    // The last setting written fails: everything before it is put back.
    const setValue = vi.spyOn(contextDisplaySetting, 'setValue').mockRejectedValueOnce(new Error('sync quota'));
    const json = backup().replace('"settings": {', '"settings": { "contextDisplay": { "legislation": { "name": "Recht" } },');
    const outcome = await ask<ImportResponse>({ type: 'hc:import', json, mode: 'replace' });
    setValue.mockRestore();
    expect(outcome).toEqual({ ok: false, problem: { message: 'importSettingsNotStored', values: ['sync quota'] } });
    expect(await snapshot(storage)).toEqual(before);
  });

  it('writes imported corrections to IndexedDB all or none', async () => {
    const db = await openDatabase();
    const { storage } = await setUp(Promise.resolve((await openStorage(() => Promise.resolve(db)))));
    await storage.corrections.put(correction(1));
    const broken = { ...correction(3), postKey: undefined } as unknown as Correction; // no key: the put fails
    await expect(storage.corrections.putAll([correction(2), broken], { replace: true })).rejects.toThrow();
    expect((await storage.corrections.all()).map((c) => c.postKey)).toEqual(['post:1']);
    await storage.corrections.putAll([correction(2), correction(3)], { replace: true });
    expect((await storage.corrections.all()).map((c) => c.postKey)).toEqual(['post:2', 'post:3']);
  });

  it('tells the options page whether storage is kept in memory only', async () => {
    const persistent = await setUp();
    expect(await persistent.ask<StorageStatusResponse>({ type: 'hc:storage-status' })).toEqual({ inMemoryOnly: false });

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const privateWindow = await setUp(openStorage(() => Promise.reject(new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError'))));
    warn.mockRestore();
    expect(privateWindow.storage.inMemoryOnly).toBe(true);
    expect(await privateWindow.ask<StorageStatusResponse>({ type: 'hc:storage-status' })).toEqual({ inMemoryOnly: true });
    // Export and import still work, in memory.
    expect(await privateWindow.ask<ImportResponse>({ type: 'hc:import', json: backup(), mode: 'replace' })).toMatchObject({ ok: true, corrections: 2 });
    expect(parseBackup((await privateWindow.ask<ExportResponse>({ type: 'hc:export' })).json)).toMatchObject({ ok: true, data: { corrections: [correction(10, 'civic_recruiting'), correction(11, 'network_protocol')] } });
  });
});
