import { describe, expect, it } from 'vitest';
import { BACKUP_LIMITS, BACKUP_VERSION, exportBackup, parseBackup, type BackupData } from '@/utils/store/backup';
import { DEFAULT_VISIBILITY } from '@/utils/store/settings';
import { formatMessage } from './support/locale';

const DATA: BackupData = {
  settings: {
    visibility: { ...DEFAULT_VISIBILITY, civic_recruiting: 'hide', other: 'dim' },
    tagVisibility: { protokoll: { legislation: 'show', network_protocol: 'hide' }, überwachung: { other: 'dim' } },
    contextDisplay: { legislation: { name: 'Gesetze & Räte', color: '#aa0000' }, other: { color: '#00aa00' } },
  },
  watchedTags: ['protokoll', 'chatkontrolle', 'Überwachung'],
  corrections: [
    { postKey: '1090:aa', text: 'Wer schreibt das #Protokoll? 🧵 ÄÖÜß', watchedTags: ['protokoll'], category: 'civic_recruiting', createdAt: 1717000100000 },
    { postKey: 'post:bb', text: 'Leak: #Protokoll zur #Chatkontrolle', watchedTags: ['protokoll', 'chatkontrolle'], category: 'legislation', createdAt: 1717000200000 },
  ],
};

const file = () => JSON.parse(exportBackup(DATA)) as Record<string, unknown> & { corrections: Record<string, unknown>[] };
const reject = (text: string) => {
  const parsed = parseBackup(text);
  expect(parsed.ok).toBe(false);
  return parsed.ok ? '' : formatMessage('en', parsed.problem.message, parsed.problem.values);
};

describe('backup export and import', () => {
  it('round-trips settings, watched hashtags and corrections', () => {
    const text = exportBackup(DATA, new Date('2025-06-12T12:00:00Z'));
    expect(JSON.parse(text)).toMatchObject({ format: 'hashtag-context-backup', version: BACKUP_VERSION, exportedAt: '2025-06-12T12:00:00.000Z' });
    expect(parseBackup(text)).toEqual({ ok: true, data: DATA });
  });

  it('reads the built-in contexts\' names and colours, and rejects what the options page would not store', () => {
    const withDisplay = (display: unknown) => {
      const f = file();
      (f.settings as Record<string, unknown>).contextDisplay = display;
      return JSON.stringify(f);
    };
    expect(parseBackup(withDisplay({ other: { name: '  Sonstiges ', color: '#ABCDEF' } }))).toMatchObject({
      ok: true,
      data: { settings: { contextDisplay: { other: { name: 'Sonstiges', color: '#abcdef' } } } },
    });
    expect(reject(withDisplay({ other: { color: 'red' } }))).toContain('settings.contextDisplay.other.color');
    expect(reject(withDisplay({ other: { name: '   ' } }))).toContain('settings.contextDisplay.other.name');
    expect(reject(withDisplay({ other: { name: 'x'.repeat(41) } }))).toContain('settings.contextDisplay.other.name');
    expect(reject(withDisplay({ other: { name: 'x', icon: 'y' } }))).toContain('"icon"');
    expect(reject(withDisplay({ c_plenum: { name: 'x' } }))).toContain('"c_plenum"');
    expect(reject(withDisplay(['legislation']))).toContain('settings.contextDisplay');
  });

  it('exports only the known fields (no extra payload rides along)', () => {
    const sneaky = { ...DATA, corrections: [{ ...DATA.corrections[0]!, html: '<script>' } as never] };
    expect(exportBackup(sneaky)).not.toContain('<script>');
  });

  it('fills settings the backup leaves out with the defaults', () => {
    const f = file();
    f.settings = { visibility: { other: 'hide' } };
    const parsed = parseBackup(JSON.stringify(f));
    expect(parsed).toMatchObject({ ok: true, data: { settings: { visibility: { ...DEFAULT_VISIBILITY, other: 'hide' } } } });
  });

  it('rejects what is not JSON, and says so', () => {
    expect(reject('')).toMatch(/empty/);
    expect(reject('hello')).toMatch(/not valid JSON/);
    expect(reject('{"format": "hashtag-context-backup",, }')).toMatch(/not valid JSON/);
    expect(parseBackup(42 as never)).toEqual({ ok: false, problem: { message: 'backupNotText', values: [] } });
    expect(reject(42 as never)).toBe('The file is not text.');
  });

  it('rejects a truncated file as truncated', () => {
    const text = exportBackup(DATA);
    for (const cut of [text.length - 1, Math.floor(text.length / 2), 20]) {
      expect(reject(text.slice(0, cut))).toMatch(/truncated/);
    }
  });

  it('rejects files over 32 MB before reading them', () => {
    const huge = exportBackup(DATA).replace('"corrections"', `"padding": "${'x'.repeat(BACKUP_LIMITS.fileBytes)}", "corrections"`);
    expect(reject(huge)).toMatch(/larger than 32 MB/);
    // Multi-byte characters count as bytes, not as characters.
    const emoji = `{"format":"hashtag-context-backup","x":"${'🧵'.repeat(BACKUP_LIMITS.fileBytes / 3)}"}`;
    expect(emoji.length).toBeLessThan(BACKUP_LIMITS.fileBytes);
    expect(reject(emoji)).toMatch(/larger than 32 MB/);
  });

  it('rejects other files and other versions', () => {
    expect(reject('[]')).toBe('The file must hold one JSON object, not […].');
    expect(reject('null')).toBe('The file must hold one JSON object, not null.');
    expect(reject('{"format":"something-else","version":1}')).toMatch(/not a Hashtag Context backup/);
    const f = file();
    delete f.version;
    expect(reject(JSON.stringify(f))).toMatch(/no "version"/);
    expect(reject(JSON.stringify({ ...file(), version: '1' }))).toMatch(/"version" must be a whole number/);
    expect(reject(JSON.stringify({ ...file(), version: 2 }))).toMatch(/newer version.*format 2.*reads format 1/);
    expect(reject(JSON.stringify({ ...file(), version: 0 }))).toMatch(/Unknown backup format version 0/);
  });

  it('rejects missing parts and unknown fields', () => {
    for (const part of ['settings', 'watchedTags', 'corrections']) {
      const f = file();
      delete f[part];
      expect(reject(JSON.stringify(f))).toContain(`no "${part}"`);
    }
    expect(reject(JSON.stringify({ ...file(), results: [] }))).toBe('The backup has unknown fields: "results".');
    const f = file();
    f.corrections[0]!.html = '<b>x</b>';
    expect(reject(JSON.stringify(f))).toBe('"corrections[0]" has unknown fields: "html".');
  });

  it('rejects too many corrections or watched hashtags', () => {
    const many = { ...file(), corrections: Array.from({ length: BACKUP_LIMITS.corrections + 1 }, (_, i) => ({ ...DATA.corrections[0]!, postKey: `k${i}` })) };
    expect(reject(JSON.stringify(many))).toBe('"corrections" has 50,001 entries, more than the 50,000 allowed.');
    const tags = { ...file(), watchedTags: Array.from({ length: BACKUP_LIMITS.watchedTags + 1 }, (_, i) => `t${i}`) };
    expect(reject(JSON.stringify(tags))).toBe('"watchedTags" has 201 entries, more than the 200 allowed.');
  });

  it('rejects wrong field types, naming the field', () => {
    const cases: [(f: ReturnType<typeof file>) => void, RegExp][] = [
      [(f) => (f.settings = 'show'), /"settings" must be an object, not "show"/],
      [(f) => (f.settings = { visibility: { legislation: 'explode' } }), /"settings.visibility.legislation" must be one of show, dim, hide, not "explode"/],
      [(f) => (f.settings = { visibility: { weather: 'show' } }), /^"settings.visibility" has unknown fields: "weather"\.$/],
      [(f) => (f.settings = { tagVisibility: [] }), /^"settings.tagVisibility" must be an object, not \[…\]\.$/],
      [(f) => (f.settings = { tagVisibility: { Protokoll: {} } }), /"settings.tagVisibility" has a key that is no hashtag in lower case: "Protokoll"/],
      [(f) => (f.settings = { tagVisibility: { 'a b': {} } }), /no hashtag in lower case: "a b"/],
      [(f) => (f.settings = { tagVisibility: { matrix: { other: 'vanish' } } }), /"settings.tagVisibility.matrix.other" must be one of show, dim, hide, not "vanish"/],
      [(f) => (f.settings = { tagVisibility: { matrix: { weather: 'show' } } }), /^"settings.tagVisibility.matrix" has unknown fields: "weather"\.$/],
      [
        (f) => (f.settings = { tagVisibility: Object.fromEntries(Array.from({ length: 61 }, (_, i) => [`tag${i}`, {}])) }),
        /^"settings.tagVisibility" has 61 entries, more than the 60 allowed\.$/,
      ],
      [(f) => (f.watchedTags = 'protokoll'), /"watchedTags" must be a list/],
      [(f) => (f.watchedTags = [42]), /^"watchedTags\[0\]" must be text, not 42\.$/],
      [(f) => (f.watchedTags = ['#protokoll']), /^"watchedTags\[0\]" \("#protokoll"\) is not a hashtag name/],
      [(f) => (f.watchedTags = ['a b']), /is not a hashtag name/],
      [(f) => (f.corrections = {} as never), /^"corrections" must be a list, not \{…\}\.$/],
      [(f) => (f.corrections[1] = 'x' as never), /^"corrections\[1\]" must be an object, not "x"\.$/],
      [(f) => (f.corrections[0]!.postKey = 7), /^"corrections\[0\]\.postKey" must be text, not 7\.$/],
      [(f) => (f.corrections[0]!.postKey = ''), /^"corrections\[0\]\.postKey" is empty\.$/],
      [(f) => (f.corrections[1]!.postKey = f.corrections[0]!.postKey), /^"corrections\[1\]" is for the same post as "corrections\[0\]"/],
      [(f) => (f.corrections[0]!.text = null), /^"corrections\[0\]\.text" must be text, not null\.$/],
      [(f) => (f.corrections[0]!.watchedTags = 'protokoll'), /^"corrections\[0\]\.watchedTags" must be a list, not "protokoll"\.$/],
      [(f) => (f.corrections[0]!.watchedTags = [{}]), /^"corrections\[0\]\.watchedTags\[0\]" must be text, not \{…\}\.$/],
      [(f) => (f.corrections[0]!.category = 'weather'), /^"corrections\[0\]\.category" must be one of legislation, network_protocol, civic_recruiting, other or the id of a context of yours \("ctx-…"\), not "weather"/],
      [(f) => (f.corrections[0]!.createdAt = '2024-01-01'), /^"corrections\[0\]\.createdAt" must be a time in milliseconds, not "2024-01-01"\.$/],
      [(f) => (f.corrections[0]!.createdAt = -5), /createdAt" must be a time/],
      [(f) => (f.corrections[0]!.createdAt = 1.5), /createdAt" must be a time/],
      [(f) => (f.exportedAt = 5), /"exportedAt" must be a date string/],
    ];
    for (const [spoil, message] of cases) {
      const f = file();
      spoil(f);
      expect.soft(reject(JSON.stringify(f))).toMatch(message);
    }
  });

  it('rejects prototype-pollution keys anywhere, and pollutes nothing', () => {
    const texts = [
      exportBackup(DATA).replace('"settings": {', '"settings": { "__proto__": { "polluted": true },'),
      exportBackup(DATA).replace('"format"', '"__proto__": { "polluted": true }, "format"'),
      exportBackup(DATA).replace('"postKey"', '"constructor": { "prototype": { "polluted": true } }, "postKey"'),
      exportBackup(DATA).replace('"visibility": {', '"visibility": { "prototype": 1,'),
    ];
    for (const text of texts) expect(reject(text)).toMatch(/forbidden key "(__proto__|constructor|prototype)" \(at [^)]+\)/);
    expect(reject(texts[0]!)).toContain('at settings.__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects hostile strings over the size limits', () => {
    const cases: [(f: ReturnType<typeof file>) => void, RegExp][] = [
      [(f) => (f.corrections[0]!.text = '<script>'.repeat(3_000)), /^"corrections\[0\]\.text" is 24,000 characters long, more than the 20,000 allowed\.$/],
      [(f) => (f.corrections[0]!.postKey = 'k'.repeat(201)), /^"corrections\[0\]\.postKey" is 201 characters long, more than the 200 allowed\.$/],
      [(f) => (f.watchedTags = ['a'.repeat(101)]), /^"watchedTags\[0\]" is 101 characters long/],
      [(f) => (f.corrections[0]!.watchedTags = Array.from({ length: 61 }, (_, i) => `t${i}`)), /^"corrections\[0\]\.watchedTags" has 61 entries, more than the 60 allowed\.$/],
      [(f) => (f.watchedTags = ['proto\u202Ekoll']), /is not a hashtag name/], // RTL override
      [(f) => (f.watchedTags = ['proto\u200Bkoll']), /is not a hashtag name/], // zero-width space
    ];
    for (const [spoil, message] of cases) {
      const f = file();
      spoil(f);
      expect.soft(reject(JSON.stringify(f))).toMatch(message);
    }
    // Hostile text within the limits is data, kept verbatim (it is never parsed as HTML).
    const f = file();
    f.corrections[0]!.text = '<img src=x onerror=alert(1)> \u202Egnp.exe javascript:alert(1) \u200B\u200B';
    expect(parseBackup(JSON.stringify(f))).toMatchObject({ ok: true, data: { corrections: [{ text: f.corrections[0]!.text }, {}] } });
  });

  it('rejects absurd nesting without overflowing the stack', () => {
    const deep = `{"format":"hashtag-context-backup","version":1,"settings":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    expect(reject(deep)).toMatch(/nested too deeply/);
  });
});
