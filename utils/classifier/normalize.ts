/**
 * Text normalisation for the classifier. Pure: no DOM, no browser or Node APIs.
 *
 * Normal form used for every lexicon key and every token:
 *  - Unicode NFKC (fullwidth `＃` → `#`, styled 𝐁𝐨𝐥𝐝 letters → plain letters, ligatures split),
 *  - lowercase,
 *  - German umlauts and ß folded to two letters (ä→ae, ö→oe, ü→ue, ß→ss) so `Verschlüsselung` and
 *    `Verschluesselung` are the same word; other diacritics are dropped (é→e, ñ→n),
 *  - zero-width, bidi-control and other invisible characters removed (they never split a word),
 *  - of a long text only its opening and its ending are looked at ({@link classifiedExcerpt}), so a 1 MB
 *    post costs bounded time.
 */
import { classifiedExcerpt } from './excerpt';

export { classifiedExcerpt, EXCERPT_HEAD_CHARS, EXCERPT_TAIL_CHARS, MAX_TEXT_CHARS } from './excerpt';

/** Index in the classifier's alphabet for letters outside a–z/0–9 (Greek, Cyrillic, CJK, …). */
export const OTHER_LETTER = 36;
/** a–z → 0–25, 0–9 → 26–35, anything else that is a letter → {@link OTHER_LETTER}. */
export const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789?';

/** Invisible characters that are removed: soft hyphen, zero-width, bidi controls, variation selectors, BOM. */
export function isInvisible(c: number): boolean {
  return (
    c === 0x00ad ||
    c === 0x034f ||
    c === 0x061c ||
    c === 0x115f ||
    c === 0x1160 ||
    c === 0x17b4 ||
    c === 0x17b5 ||
    (c >= 0x180b && c <= 0x180f) ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x206f) ||
    c === 0x3164 ||
    (c >= 0xfe00 && c <= 0xfe0f) ||
    c === 0xfeff ||
    c === 0xffa0
  );
}

/** Letters of scripts without a fold to a–z: they stay inside a word but never match the lexicon. */
function isOtherScriptLetter(c: number): boolean {
  return (
    (c >= 0x0370 && c <= 0x03ff) || // Greek
    (c >= 0x0400 && c <= 0x052f) || // Cyrillic
    (c >= 0x0530 && c <= 0x058f) || // Armenian
    (c >= 0x05d0 && c <= 0x05ea) || // Hebrew letters
    (c >= 0x0620 && c <= 0x064a) || // Arabic letters
    (c >= 0x0900 && c <= 0x0dff) || // Indic
    (c >= 0x0e00 && c <= 0x0eff) || // Thai, Lao
    (c >= 0x10a0 && c <= 0x10ff) || // Georgian
    (c >= 0x1100 && c <= 0x11ff) || // Hangul Jamo
    (c >= 0x3040 && c <= 0x30ff) || // Kana
    (c >= 0x3400 && c <= 0x4dbf) || // CJK ext A
    (c >= 0x4e00 && c <= 0x9fff) || // CJK
    (c >= 0xac00 && c <= 0xd7a3) // Hangul syllables
  );
}

/** Special folds that NFKD + mark stripping does not give. */
const SPECIAL_FOLDS: Record<string, string> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  Ä: 'ae',
  Ö: 'oe',
  Ü: 'ue',
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ł: 'l',
  Ł: 'l',
  ı: 'i',
  ħ: 'h',
  Ħ: 'h',
};

/**
 * Fold table for U+0080…U+1EFF: a string of a–z/0–9 letters, `''` for characters removed, `null` for
 * separators, and `'?'` for letters of other scripts. Built once at load time.
 */
const FOLD_TABLE_SIZE = 0x1f00;
const FOLD_TABLE: (string | null)[] = buildFoldTable();

function buildFoldTable(): (string | null)[] {
  const table: (string | null)[] = new Array<string | null>(FOLD_TABLE_SIZE).fill(null);
  const letter = /\p{L}/u;
  const mark = /\p{M}/u;
  const number = /\p{Nd}/u;
  for (let c = 0x80; c < FOLD_TABLE_SIZE; c++) {
    if (c >= 0x0700 && c < 0x1e00 && !isOtherScriptLetter(c) && !isInvisible(c)) continue; // separators
    const ch = String.fromCharCode(c);
    if (isInvisible(c) || mark.test(ch)) {
      table[c] = '';
      continue;
    }
    const special = SPECIAL_FOLDS[ch];
    if (special !== undefined) {
      table[c] = special;
      continue;
    }
    if (isOtherScriptLetter(c)) {
      table[c] = letter.test(ch) || mark.test(ch) ? '?' : null;
      continue;
    }
    if (letter.test(ch) || number.test(ch)) {
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
      table[c] = /^[a-z0-9]+$/.test(base) ? base : '?';
    }
  }
  return table;
}

/**
 * Fold one UTF-16 unit (of NFKC text): a string of a–z/0–9 (`'?'` = a letter of another script),
 * `''` for an invisible character or combining mark, `null` for a separator.
 */
export function foldUnit(c: number): string | null {
  if (c < 0x80) {
    if (c >= 0x61 && c <= 0x7a) return String.fromCharCode(c);
    if (c >= 0x41 && c <= 0x5a) return String.fromCharCode(c + 32);
    if (c >= 0x30 && c <= 0x39) return String.fromCharCode(c);
    return null;
  }
  if (c < FOLD_TABLE_SIZE) return FOLD_TABLE[c] ?? null;
  if (isInvisible(c)) return '';
  if (isOtherScriptLetter(c)) return '?';
  return null;
}

/**
 * Characters for which NFKC could change the text in a way that matters for matching: compatibility
 * characters (NBSP, ª, superscripts, ligatures, fullwidth/halfwidth forms, letterlike and enclosed
 * alphanumerics, styled mathematical letters), combining marks that may compose, and astral characters
 * other than emoji. Plain ASCII, composed Latin letters, common punctuation, symbols, emoji and CJK pass
 * untouched, so typical posts skip the normalisation call. One native regex scan, no per-char JS.
 */
const NFKC_TRIGGER =
  /[\u00a0-\u00bf\u0300-\u036f\u1d00-\u1dbf\u2024-\u2026\u2070-\u209f\u2100-\u218f\u2460-\u24ff\u2c00-\u2fff\u3100-\u33ff\ua000-\uabff\ud800-\ud83b\ud83f-\udbff\uf900-\ufdff\ufe10-\ufe6f\ufe70-\ufefe\uff00-\uffef]/;

/** True when NFKC could change the text in a way that matters for matching (see NFKC_TRIGGER). */
export function needsNfkc(s: string): boolean {
  return NFKC_TRIGGER.test(s);
}

/**
 * The excerpt of the text, with NFKC applied where it could matter. Case and spelling are kept, so
 * labels shown to the reader can be cut from the result.
 */
export function prepareText(text: string): string {
  let s = classifiedExcerpt(typeof text === 'string' ? text : String(text ?? ''));
  if (needsNfkc(s)) {
    // NFKC can lengthen a text (one ligature, many letters): the excerpt of the result stays bounded too.
    s = classifiedExcerpt(s.normalize('NFKC'));
  }
  return s;
}

/**
 * The normal form of a whole text (for keys, tests and tools): NFKC, lowercase, umlauts folded,
 * invisible characters removed, capped at {@link MAX_TEXT_CHARS}. Separators (spaces, punctuation,
 * emoji) are kept as they are.
 */
export function normalizeText(text: string): string {
  const s = prepareText(text);
  let out = '';
  let runStart = 0; // start of a stretch copied unchanged
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) continue; // a–z unchanged
    if (c >= 0x30 && c <= 0x39) continue;
    const folded = foldUnit(c);
    if (folded === null) continue; // separators are kept unchanged
    if (folded.length === 1 && folded.charCodeAt(0) === c) continue;
    out += s.slice(runStart, i) + (folded === '?' ? s[i]!.toLowerCase() : folded);
    runStart = i + 1;
  }
  return out + s.slice(runStart);
}

/** The key of a hashtag, mention or lexicon entry: normal form, without a leading `#`/`@`, trimmed. */
export function normalizeKey(name: string): string {
  return normalizeText(String(name ?? ''))
    .trim()
    .replace(/^[#@]+/, '');
}

/**
 * The key of a hashtag: like {@link normalizeKey}, but only letters and digits are kept
 * (`Chat_Control`, `#ChatControl` and `＃chatcontrol` are the same tag); letters of other scripts are `?`.
 */
export function normalizeTagKey(name: string): string {
  const s = prepareText(String(name ?? ''));
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const f = foldUnit(s.charCodeAt(i));
    if (f) out += f;
  }
  return out;
}
