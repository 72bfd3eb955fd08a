import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createClassificationService } from '@/utils/background/classification-service';
import { compileKeywordContexts, keywordConfidence, matchKeywordContexts } from '@/utils/classifier/keyword-contexts';
import type { CustomContextId } from '@/utils/classifier/types';
import type { ClassifyResponse, CorrectResponse, PostToClassify } from '@/utils/messages';
import { parseRequest } from '@/utils/messages';
import { openStorage } from '@/utils/store';
import { exportBackup, parseBackup, type BackupData } from '@/utils/store/backup';
import { formatMessage } from './support/locale';
import {
  CUSTOM_CONTEXTS_BYTES,
  contextsRevision,
  customContextsSetting,
  MAX_CUSTOM_CONTEXTS,
  MAX_KEYWORDS,
  newCustomContextId,
  parseKeywordsInput,
  sanitizeCustomContexts,
  storedBytes,
  type CustomContext,
} from '@/utils/store/custom-contexts';
import {
  DEFAULT_VISIBILITY,
  effectiveVisibility,
  sanitizeTagVisibility,
  sanitizeVisibility,
  tagVisibilitySetting,
  visibilitySetting,
} from '@/utils/store/settings';

const PLENUM: CustomContextId = 'ctx-plenum01';
const KLIMA: CustomContextId = 'ctx-klima002';
const match = (text: string, contexts: { id: CustomContextId; keywords: string[] }[]) =>
  matchKeywordContexts(compileKeywordContexts(contexts), text);

describe('keyword matching of the reader’s contexts', () => {
  it('folds case, umlauts and ß like the classifier', () => {
    const contexts = [{ id: PLENUM, keywords: ['Bürgerrat', 'Straße'] }];
    expect(match('Der BUERGERRAT tagt', contexts)?.category).toBe(PLENUM);
    expect(match('der bürgerrat tagt', contexts)?.category).toBe(PLENUM);
    expect(match('Sperrung der Strasse', contexts)?.reasons.map((r) => r.label)).toEqual(['Straße']);
    expect(match('Nichts davon hier', contexts)).toBeNull();
  });

  it('matches whole words only; a trailing * matches compounds (Plenum does not match Plenumssitzung)', () => {
    expect(match('Zur Plenumssitzung am Montag', [{ id: PLENUM, keywords: ['Plenum'] }])).toBeNull();
    expect(match('Zur Plenumssitzung am Montag', [{ id: PLENUM, keywords: ['Plenum*'] }])?.reasons[0]!.label).toBe('Plenum*');
    expect(match('Beratung im Amtsgericht', [{ id: PLENUM, keywords: ['Rat', 'Amt'] }])).toBeNull();
    expect(match('Klima-Plenum heute', [{ id: PLENUM, keywords: ['Plenum'] }])?.category).toBe(PLENUM);
  });

  it('matches phrases as words in a row, and hashtags: #Plenum, #KlimaPlenum for "Klima Plenum"', () => {
    const contexts = [{ id: KLIMA, keywords: ['Klima Plenum'] }];
    expect(match('das Klima-Plenum sucht', contexts)?.category).toBe(KLIMA);
    expect(match('Klima und Plenum', contexts)).toBeNull();
    expect(match('Wer kommt? #KlimaPlenum', contexts)?.category).toBe(KLIMA);
    expect(match('Wer kommt? #klima_plenum', contexts)?.category).toBe(KLIMA);
    expect(match('Heute #Plenum', [{ id: PLENUM, keywords: ['plenum'] }])?.category).toBe(PLENUM);
  });

  it('counts distinct keywords for the confidence: 75 %, 88 %, 94 %', () => {
    expect(keywordConfidence(1)).toBe(0.75);
    expect(keywordConfidence(2)).toBe(0.875);
    expect(keywordConfidence(3)).toBe(0.9375);
    const result = match('Plenum, Plenum, Protokoll schreiben im Plenum', [{ id: PLENUM, keywords: ['plenum', 'Protokoll schreiben', 'Demo'] }]);
    expect(result).toMatchObject({ category: PLENUM, confidence: 0.875, abstained: false });
    expect(result!.reasons.map((r) => r.label)).toEqual(['plenum', 'Protokoll schreiben']);
  });

  it('gives the post to the context with more matches; ties to the one listed first', () => {
    const contexts = [
      { id: PLENUM, keywords: ['Plenum'] },
      { id: KLIMA, keywords: ['Klima', 'Demo'] },
    ];
    expect(match('Plenum zur Klima-Demo', contexts)?.category).toBe(KLIMA);
    expect(match('Plenum zum Klima', contexts)?.category).toBe(PLENUM);
    expect(match('Plenum zum Klima', [...contexts].reverse())?.category).toBe(KLIMA);
  });
});

const context = (id: CustomContextId, keywords: string[], name = 'Plenum'): CustomContext => ({ id, name, color: '#9141ac', keywords });

describe('the reader’s contexts as stored', () => {
  it('keeps well-formed contexts and drops damage', () => {
    expect(sanitizeCustomContexts('junk')).toEqual([]);
    expect(
      sanitizeCustomContexts([
        null,
        { id: 'custom-1', name: 'x', color: '#000000', keywords: ['a'] },
        { id: PLENUM, name: '  Plenum  ', color: 'red', keywords: ['Plenum', 'plenum', '', 7, 'a*', 'x'.repeat(41)] },
        { id: PLENUM, name: 'Again', color: '#000000', keywords: ['b'] },
        { id: KLIMA, name: '', color: '#000000', keywords: ['b'] },
        { id: 'ctx-nokeywrd', name: 'None', color: '#000000', keywords: [] },
      ]),
    ).toEqual([{ id: PLENUM, name: 'Plenum', color: '#9141ac', keywords: ['Plenum'] }]);
  });

  it('keeps at most 4 contexts of at most 20 keywords, within one sync item', () => {
    const many = Array.from({ length: 6 }, (_, i) => context(`ctx-aaaaaaa${i}`, Array.from({ length: 30 }, (_, k) => `wort${k}`)));
    const kept = sanitizeCustomContexts(many);
    expect(kept).toHaveLength(MAX_CUSTOM_CONTEXTS);
    expect(kept.every((c) => c.keywords.length === MAX_KEYWORDS)).toBe(true);
    // 40 letters that take 3 bytes each in UTF-8: 4 × 20 of them would not fit.
    const wide = Array.from({ length: 4 }, (_, i) => context(`ctx-bbbbbbb${i}`, Array.from({ length: 20 }, (_, k) => `${'語'.repeat(38)}${k}`.slice(0, 40))));
    const trimmed = sanitizeCustomContexts(wide);
    expect(storedBytes(trimmed)).toBeLessThanOrEqual(CUSTOM_CONTEXTS_BYTES);
    expect(trimmed.length).toBeGreaterThan(0);
  });

  it('reads the comma-separated keywords field, saying what is wrong', () => {
    expect(parseKeywordsInput(' Plenum, Klima Plenum ,plenum, Demo* ')).toEqual({ ok: true, keywords: ['Plenum', 'Klima Plenum', 'Demo*'] });
    expect(parseKeywordsInput(' , ')).toEqual({ ok: false, problem: 'empty' });
    expect(parseKeywordsInput('#Plenum, ＃Klima')).toEqual({ ok: true, keywords: ['Plenum', 'Klima'] });
    expect(parseKeywordsInput('a*')).toEqual({ ok: false, problem: 'invalid', keyword: 'a*' });
    expect(parseKeywordsInput('<script>')).toMatchObject({ ok: false, problem: 'invalid' });
    expect(parseKeywordsInput('x'.repeat(41))).toMatchObject({ ok: false, problem: 'tooLong' });
    expect(parseKeywordsInput(Array.from({ length: 21 }, (_, i) => `w${i}`).join(','))).toEqual({ ok: false, problem: 'tooMany' });
  });

  it('makes fresh ids, and a revision that changes with ids and keywords only', () => {
    const id = newCustomContextId([]);
    expect(id).toMatch(/^ctx-[a-z0-9]{8}$/);
    const a = [context(PLENUM, ['Plenum'])];
    expect(contextsRevision([])).toBe('');
    expect(contextsRevision(a)).not.toBe(contextsRevision([context(PLENUM, ['Plenum', 'Demo'])]));
    expect(contextsRevision(a)).toBe(contextsRevision([{ ...a[0]!, name: 'Renamed', color: '#000000' }]));
  });

  it('shows, dims or hides reader contexts too, globally and per hashtag', () => {
    const all = sanitizeVisibility({ ...DEFAULT_VISIBILITY, [PLENUM]: 'hide', 'ctx-bad': 'hide', [KLIMA]: 'explode' });
    expect(all).toEqual({ ...DEFAULT_VISIBILITY, [PLENUM]: 'hide' });
    expect(effectiveVisibility(all, {}, PLENUM, ['protokoll'])).toBe('hide');
    expect(effectiveVisibility(all, {}, KLIMA, ['protokoll'])).toBe('show');
    const byTag = sanitizeTagVisibility({ protokoll: { [KLIMA]: 'dim' } });
    expect(effectiveVisibility(all, byTag, KLIMA, ['protokoll'])).toBe('dim');
  });

  it('accepts corrections to a reader context in the protocol', () => {
    const post = { key: 'k', text: 't', watchedTags: [] };
    expect(parseRequest({ type: 'hc:correct', post, category: PLENUM })).toMatchObject({ category: PLENUM });
    expect(parseRequest({ type: 'hc:correct', post, category: 'ctx-<script>' })).toBeNull();
  });
});

const POST: PostToClassify = {
  key: '7:aa',
  text: 'Internes #Protokoll: Die EU-Staaten können sich im Rat nicht auf eine Position zur #Chatkontrolle einigen. Thema im Plenum.',
  watchedTags: ['protokoll', 'chatkontrolle'],
};

describe('the reader’s contexts in the background', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
  });

  const classify = async (service: ReturnType<typeof createClassificationService>) =>
    ((await service.handle({ type: 'hc:classify', posts: [POST] })) as ClassifyResponse).results[0]!;
  const cacheKeys = () =>
    new Promise<string[]>((resolve) => {
      const open = indexedDB.open('hashtag-context');
      open.onsuccess = () => {
        const request = open.result.transaction('results').objectStore('results').getAllKeys();
        request.onsuccess = () => resolve(request.result as string[]);
      };
    });

  it('labels at once after the model, with a new cache key; removing the context gives the model its post back', async () => {
    const service = createClassificationService(openStorage());
    expect((await classify(service)).category).toBe('legislation');
    const before = await cacheKeys();

    await customContextsSetting.setValue([context(PLENUM, ['Plenum', 'Chatkontrolle'])]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await classify(service)).toMatchObject({ category: PLENUM, confidence: 0.875, reasons: [{ label: 'Plenum' }, { label: 'Chatkontrolle' }] });
    const after = await cacheKeys();
    expect(after.filter((key) => !before.includes(key))).toHaveLength(1);

    await customContextsSetting.setValue([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await classify(service)).category).toBe('legislation');
    service.dispose();
  });

  it('keeps the reader’s correction above a matching context; corrects to a reader context, refuses a removed one', async () => {
    await customContextsSetting.setValue([context(PLENUM, ['Plenum']), context(KLIMA, ['Klima'], 'Klima')]);
    const service = createClassificationService(openStorage());
    expect((await classify(service)).category).toBe(PLENUM);
    await service.handle({ type: 'hc:correct', post: POST, category: 'other' });
    expect(await classify(service)).toMatchObject({ category: 'other', corrected: true });
    await service.handle({ type: 'hc:correct', post: POST, category: KLIMA });
    expect(await classify(service)).toMatchObject({ category: KLIMA, corrected: true });
    const refused = (await service.handle({ type: 'hc:correct', post: POST, category: 'ctx-gone0000' })) as CorrectResponse;
    expect(refused.ok).toBe(false);

    // Removed: its correction no longer applies, the post goes back to the model's context.
    await customContextsSetting.setValue([context(PLENUM, ['Nichts'])]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await classify(service)).toMatchObject({ category: 'legislation' });
    service.dispose();
  });
});

describe('the reader’s contexts in backups', () => {
  const data: BackupData = {
    settings: {
      visibility: { ...DEFAULT_VISIBILITY, [PLENUM]: 'dim' },
      tagVisibility: { protokoll: { [PLENUM]: 'hide' } },
      customContexts: [context(PLENUM, ['Plenum', 'Klima Plenum', 'Demo*'])],
    },
    watchedTags: [],
    corrections: [{ postKey: 'a', text: 't', watchedTags: [], category: PLENUM, createdAt: 1 }],
  };
  const spoilt = (spoil: (file: { settings: { customContexts: Record<string, unknown>[]; visibility: Record<string, unknown> } }) => void) => {
    const file = JSON.parse(exportBackup(data));
    spoil(file);
    const parsed = parseBackup(JSON.stringify(file));
    return parsed.ok ? '' : formatMessage('en', parsed.problem.message, parsed.problem.values);
  };

  it('round-trips them with their choices and corrections', () => {
    expect(parseBackup(exportBackup(data))).toEqual({ ok: true, data });
  });

  it('rejects damaged contexts, naming the field', () => {
    expect(spoilt((f) => (f.settings.customContexts = 'x' as never))).toBe('"settings.customContexts" must be a list, not "x".');
    expect(spoilt((f) => f.settings.customContexts.push(...Array.from({ length: 4 }, () => ({}))))).toBe('"settings.customContexts" has 5 entries, more than the 4 allowed.');
    expect(spoilt((f) => (f.settings.customContexts[0]!.id = 'custom-1'))).toMatch(/"settings.customContexts\[0\].id" must be "ctx-"/);
    expect(spoilt((f) => (f.settings.customContexts[0]!.name = ' '))).toBe('"settings.customContexts[0].name" is empty.');
    expect(spoilt((f) => (f.settings.customContexts[0]!.color = 'red'))).toMatch(/"settings.customContexts\[0\].color" must be a colour/);
    expect(spoilt((f) => (f.settings.customContexts[0]!.keywords = []))).toMatch(/"settings.customContexts\[0\].keywords" has 0 keywords; 1 to 20/);
    expect(spoilt((f) => (f.settings.customContexts[0]!.keywords = ['ok', 'a*']))).toMatch(/"settings.customContexts\[0\].keywords\[1\]" \("a\*"\) is no keyword/);
    expect(spoilt((f) => (f.settings.customContexts[0]!.extra = 1))).toBe('"settings.customContexts[0]" has unknown fields: "extra".');
    expect(spoilt((f) => (f.settings.visibility['ctx-other000'] = 'hide'))).toBe('"settings.visibility" has unknown fields: "ctx-other000".');
  });
});

describe('the reader’s contexts through export and import (background)', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
  });

  it('exports them; replace restores them, merge adds the file’s (its own win for the same id), within the limit', async () => {
    const service = createClassificationService(openStorage());
    const ask = <T>(request: object) => service.handle(request as never) as Promise<T>;
    await customContextsSetting.setValue([context(PLENUM, ['Plenum'])]);
    // A choice left over for a context no longer there is not exported: the file stays readable.
    await visibilitySetting.setValue({ ...DEFAULT_VISIBILITY, [PLENUM]: 'dim', 'ctx-gone0000': 'hide' });
    await tagVisibilitySetting.setValue({ protokoll: { 'ctx-gone0000': 'hide' }, matrix: { [PLENUM]: 'hide' } });
    const { json } = await ask<{ json: string }>({ type: 'hc:export' });
    expect(JSON.parse(json).settings).toEqual({
      customContexts: [context(PLENUM, ['Plenum'])],
      visibility: { ...DEFAULT_VISIBILITY, [PLENUM]: 'dim' },
      tagVisibility: { matrix: { [PLENUM]: 'hide' } },
      contextDisplay: {},
    });
    expect(parseBackup(json).ok).toBe(true);

    await customContextsSetting.setValue([]);
    expect(await ask({ type: 'hc:import', json, mode: 'replace' })).toMatchObject({ ok: true, contexts: 1 });
    expect(await customContextsSetting.getValue()).toEqual([context(PLENUM, ['Plenum'])]);

    await customContextsSetting.setValue([context(PLENUM, ['Alt']), context(KLIMA, ['Klima'], 'Klima')]);
    expect(await ask({ type: 'hc:import', json, mode: 'merge' })).toMatchObject({ ok: true });
    expect(await customContextsSetting.getValue()).toEqual([context(KLIMA, ['Klima'], 'Klima'), context(PLENUM, ['Plenum'])]);

    const three = ['ctx-aaaaaaa1', 'ctx-aaaaaaa2', 'ctx-aaaaaaa3', 'ctx-aaaaaaa4'].map((id) => context(id as CustomContextId, ['x'], id));
    await customContextsSetting.setValue(three);
    const refused = await ask({ type: 'hc:import', json, mode: 'merge' });
    expect(refused).toEqual({ ok: false, problem: { message: 'importTooManyContexts', values: [5, 4] } });
    expect(await customContextsSetting.getValue()).toEqual(three);
    service.dispose();
  });
});
