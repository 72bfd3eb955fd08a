/**
 * Feature extraction: one pass over the (capped, NFKC) text that produces word tokens (with German
 * compound parts), phrases, hashtags (CamelCase split), @mentions and linked domains, and looks every
 * one of them up in the compiled model. Pure: no DOM, no browser or Node APIs.
 *
 * Hot path: no regular expressions, no per-token strings; tokens are folded into a reusable byte buffer
 * of alphabet indices and walked through the lexicon trie as they are read (one load per letter, see
 * CompiledModel.trieNext). Every feature counts once per post.
 */
import type { FeatureKind } from './types';
import * as normalize from './normalize';
import * as compiled from './model';
import type { CompiledModel } from './model';

// Module-local copies of imported bindings: test runners (Vite SSR) turn imports into getter calls,
// which would otherwise run in the hot loops.
const OTHER_LETTER = normalize.OTHER_LETTER;
const foldUnit = normalize.foldUnit;
const prepareText = normalize.prepareText;
const ALPHA = compiled.ALPHA;
const TRIE_STRIDE = compiled.TRIE_STRIDE;
const MIN_COMPOUND_LENGTH = compiled.MIN_COMPOUND_LENGTH;
const MIN_INNER_START = compiled.MIN_INNER_START;
const N_CATEGORIES = compiled.N_CATEGORIES;


const BUFFER_SIZE = 512; // token letters at 0…255, hashtag letters at 256…395
const MAX_HASHTAG_PARTS = 16;
const MAX_NAME_LENGTH = 140;
const MAX_ACTIVE_PHRASES = 8;

/** Fold table as alphabet indices for U+0000…U+1EFF: length 0 = removed, 255 = separator. */
const UNIT_LEN = new Uint8Array(0x1f00);
const UNIT_CHARS = new Uint8Array(0x1f00 * 3);
const UNIT_UPPER = new Uint8Array(0x1f00);
(() => {
  for (let c = 0; c < 0x1f00; c++) {
    const f = foldUnit(c);
    if (f === null) {
      UNIT_LEN[c] = 255;
      continue;
    }
    const n = Math.min(f.length, 3);
    UNIT_LEN[c] = n;
    for (let k = 0; k < n; k++) {
      const ch = f.charCodeAt(k);
      UNIT_CHARS[c * 3 + k] =
        ch >= 0x61 && ch <= 0x7a ? ch - 0x61 : ch >= 0x30 && ch <= 0x39 ? ch - 0x30 + 26 : OTHER_LETTER;
    }
    const s = String.fromCharCode(c);
    UNIT_UPPER[c] = n > 0 && s !== s.toLowerCase() ? 1 : 0;
  }
})();

/** Fold a unit ≥ U+1F00 (rare): length 0 = removed, 255 = separator, 1 = other-script letter. */
/** ASCII: alphabet index for letters/digits (case-folded), 255 otherwise. */
const ASCII_ALPHA = new Uint8Array(128).fill(255);
for (let c = 0; c < 26; c++) {
  ASCII_ALPHA[0x61 + c] = c;
  ASCII_ALPHA[0x41 + c] = c;
}
for (let c = 0; c < 10; c++) ASCII_ALPHA[0x30 + c] = 26 + c;

function foldHighUnit(c: number): number {
  const f = foldUnit(c);
  if (f === null) return 255;
  return f.length === 0 ? 0 : 1;
}

/** Result of a scan; the arrays are scratch space reused between calls (copy what you keep). */
export interface FeatureHits {
  /** The prepared text the label ranges refer to. */
  text: string;
  count: number;
  feature: Int32Array;
  /** Label range in {@link text}; `start` = -1 when {@link label} holds the label. */
  start: Int32Array;
  end: Int32Array;
  label: (string | undefined)[];
  /** Watched hashtags found in the text (indices into the model's watched names), with their labels. */
  watchedCount: number;
  watched: Int32Array;
  watchedStart: Int32Array;
  watchedEnd: Int32Array;
}

interface Scratch {
  stamp: Uint32Array;
  epoch: number;
  hits: FeatureHits;
}

const scratchByModel = new WeakMap<CompiledModel, Scratch>();
const buf = new Uint8Array(BUFFER_SIZE);
const partStart = new Int32Array(MAX_HASHTAG_PARTS + 1);
const activeState = new Int32Array(MAX_ACTIVE_PHRASES);
const activeStart = new Int32Array(MAX_ACTIVE_PHRASES);
const nextState = new Int32Array(MAX_ACTIVE_PHRASES);
const nextStart = new Int32Array(MAX_ACTIVE_PHRASES);
const MAX_HOSTS = 32;
const hostStart = new Int32Array(MAX_HOSTS);
const hostEnd = new Int32Array(MAX_HOSTS);
const HASHTAG_BASE = 256; // hashtag letters are kept in buf after the token letters

function getScratch(model: CompiledModel): Scratch {
  let scratch = scratchByModel.get(model);
  if (!scratch) {
    const n = model.featureCount + 1;
    scratch = {
      stamp: new Uint32Array(n),
      epoch: 0,
      hits: {
        text: '',
        count: 0,
        feature: new Int32Array(n),
        start: new Int32Array(n),
        end: new Int32Array(n),
        label: new Array<string | undefined>(n).fill(undefined),
        watchedCount: 0,
        watched: new Int32Array(64),
        watchedStart: new Int32Array(64),
        watchedEnd: new Int32Array(64),
      },
    };
    scratchByModel.set(model, scratch);
  }
  return scratch;
}

/*
 * State of the scan in progress. The scanner is a set of module-level functions sharing this state
 * (no closures per call: cheaper, and the classifier is synchronous and never re-entered).
 */
let S = '';
let N = 0;
let M: CompiledModel;
let H: FeatureHits;
let STAMP: Uint32Array;
let EPOCH = 0;
let IGNORE: Uint8Array | undefined;
let ACTIVE = 0; // active phrase states
let HOSTS = 0;

/**
 * Scan prepared text (see {@link prepareText}) and collect the model's features.
 * `ignoreWatched[i] = 1` drops all features of watched hashtag `i` in the text and plain words equal
 * to its name (the post's own watched tags act through the prior instead). The returned object is
 * reused by the next call.
 */
export function scanFeatures(s: string, model: CompiledModel, ignoreWatched?: Uint8Array): FeatureHits {
  const hits = beginScan(s, model, ignoreWatched);

  // Host names first: words inside a recognised host (`netzpolitik` in netzpolitik.org) are not
  // counted again as words.
  scanDomains(0, N, true);

  // Plain words are walked through the trie while they are read: no second pass over the letters.
  const trieNext = model.trieNext;
  const b = buf;
  let len = 0; // letters of the current token
  let tokSrc = -1; // source index of the current token's first character
  let tokEnd = 0;
  let row = 0; // row of the token's trie node so far (see CompiledModel.trieNext); < 0 once it left the trie
  const n = N;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      let a = ASCII_ALPHA[c]!;
      if (a !== 255) {
        // fast path: a run of ASCII letters and digits, walked through the trie as it is read
        if (len === 0) {
          tokSrc = i;
          row = 0;
        }
        for (;;) {
          if (len < 256) {
            b[len++] = a;
            if (row >= 0) row = trieNext[row + a]!;
          }
          if (++i === n) break;
          const d = s.charCodeAt(i);
          if (d >= 0x80) break;
          a = ASCII_ALPHA[d]!;
          if (a === 255) break;
        }
        tokEnd = i;
        continue;
      }
      if ((c === 0x23 || c === 0x40) && len === 0) {
        const end = c === 0x23 ? scanHashtag(i) : scanMention(i);
        if (end > i + 1) {
          ACTIVE = 0; // a hashtag or mention breaks phrases
          i = end;
          continue;
        }
        i++;
        continue;
      }
      if (len > 0) {
        // a URL scheme (`https://`) is not a word
        if (!(c === 0x3a && tokEnd === i && s.charCodeAt(i + 1) === 0x2f && s.charCodeAt(i + 2) === 0x2f)) {
          endWord(len, tokSrc, tokEnd, row);
        }
        len = 0;
      }
      i++;
      continue;
    }
    let ul: number;
    if (c < 0x1f00) ul = UNIT_LEN[c]!;
    else if (c >= 0xd800 && c <= 0xdbff) {
      // astral: emoji and symbols separate words; invisible tag characters are removed
      const lo = s.charCodeAt(i + 1);
      if (c === 0xdb40 && lo >= 0xdc00 && lo <= 0xdc7f) {
        i += 2;
        continue;
      }
      if (len > 0) {
        endWord(len, tokSrc, tokEnd, row);
        len = 0;
      }
      i += 2;
      continue;
    } else ul = foldHighUnit(c);
    if (ul === 255) {
      if (len > 0) {
        endWord(len, tokSrc, tokEnd, row);
        len = 0;
      }
      i++;
      continue;
    }
    if (ul === 0) {
      i++; // removed (invisible, combining mark): the word continues
      continue;
    }
    // a letter outside ASCII, folded to one to three letters (ä → ae) or OTHER_LETTER (another script)
    if (len === 0) {
      tokSrc = i;
      row = 0;
    }
    const letters = c < 0x1f00 ? ul : 1;
    for (let k = 0; k < letters && len < 256; k++) {
      const a = c < 0x1f00 ? UNIT_CHARS[c * 3 + k]! : OTHER_LETTER;
      b[len++] = a;
      if (row >= 0) row = a === OTHER_LETTER ? -1 - row : trieNext[row + a]!;
    }
    tokEnd = ++i;
  }
  if (len > 0) endWord(len, tokSrc, tokEnd, row);
  S = '';
  return hits;
}

/** Trie node of a token that left the trie. */
const OFF_TRIE = -1;

/** Reset the scratch space and the scan state for a new text. */
function beginScan(s: string, model: CompiledModel, ignoreWatched: Uint8Array | undefined): FeatureHits {
  const scratch = getScratch(model);
  const hits = scratch.hits;
  hits.text = s;
  hits.count = 0;
  hits.watchedCount = 0;
  scratch.epoch = (scratch.epoch + 1) >>> 0;
  if (scratch.epoch === 0) {
    scratch.stamp.fill(0);
    scratch.epoch = 1;
  }
  S = s;
  N = s.length;
  M = model;
  H = hits;
  STAMP = scratch.stamp;
  EPOCH = scratch.epoch;
  IGNORE = ignoreWatched;
  ACTIVE = 0;
  HOSTS = 0;
  return hits;
}

function addHit(f: number, start: number, end: number, label: string | undefined): void {
  if (f < 0 || STAMP[f] === EPOCH) return;
  STAMP[f] = EPOCH;
  const h = H;
  const k = h.count++;
  h.feature[k] = f;
  h.start[k] = start;
  h.end[k] = end;
  h.label[k] = label;
}

function inHost(p: number): boolean {
  for (let k = 0; k < HOSTS; k++) if (p >= hostStart[k]! && p < hostEnd[k]!) return true;
  return false;
}

/**
 * End of a plain word token of `len` letters (in buf from 0) at source range tokSrc..e, walked to trie
 * row `row` (< 0: left the trie, see CompiledModel.trieNext).
 */
function endWord(len: number, tokSrc: number, e: number, row: number): void {
  if (HOSTS > 0 && inHost(tokSrc)) {
    ACTIVE = 0;
    return;
  }
  stepPhrase(tokenHits(0, len, row, tokSrc, e, true), tokSrc, e);
}

/**
 * Look a token (buf range b..e: a hashtag or one of its parts) up by walking the trie over its letters;
 * returns the trie node of the whole token or -1 (see {@link tokenHits}).
 */
function matchToken(b: number, e: number, srcStart: number, srcEnd: number, plain: boolean): number {
  const trieNext = M.trieNext;
  let row = 0;
  for (let j = b; j < e && row >= 0; j++) {
    const a = buf[j]!;
    row = a >= ALPHA ? -1 - row : trieNext[row + a]!;
  }
  return tokenHits(b, e, row, srcStart, srcEnd, plain);
}

/**
 * Record the hits of a token (buf range b..e) walked to trie row `row` (< 0: left the trie): the entry
 * at its end or else the deepest one inside it, then its compound parts. Returns the trie node of the
 * whole token, or -1.
 * A plain word equal to one of the post's own watched tags (`Verschlüsselung` under
 * #Verschlüsselung) is skipped.
 */
function tokenHits(b: number, e: number, row: number, srcStart: number, srcEnd: number, plain: boolean): number {
  const model = M;
  const reached = row >= 0 ? row : -1 - row; // the deepest node the walk reached
  let best = model.trieNext[reached + ALPHA]!;
  let bestEnd = b + model.trieNext[reached + ALPHA + 1]!;
  const whole = row >= 0 ? row / TRIE_STRIDE : OFF_TRIE;
  if (whole >= 0) {
    if (plain && whole > 0 && IGNORE !== undefined) {
      const w = model.nodeWatched[whole]!;
      if (w >= 0 && IGNORE[w] === 1) return whole;
    }
    const f = model.nodeFinalEntry[whole]!;
    if (f !== -1) {
      best = f;
      bestEnd = e;
    }
  }
  if (best >= 0) addHit(best, srcStart, srcEnd, undefined);
  if (e - b >= MIN_COMPOUND_LENGTH) compoundParts(bestEnd > b + MIN_INNER_START ? bestEnd : b + MIN_INNER_START, e, srcStart, srcEnd);
  return whole;
}

/** Compound parts: leftmost-longest matches of `*part*` / `*head` entries in buf[from..e). */
function compoundParts(from: number, e: number, srcStart: number, srcEnd: number): void {
  const model = M;
  const maxLen = model.maxEntryLength;
  const innerChildren = model.innerChildren;
  const bigram = model.innerBigram;
  const innerAnywhere = model.innerAnywhere;
  const innerSuffix = model.innerSuffix;
  let p = from;
  while (p <= e - 4) {
    const a0 = buf[p]!;
    const a1 = buf[p + 1]!;
    if (a0 >= ALPHA || a1 >= ALPHA || bigram[a0 * ALPHA + a1] === 0) {
      p++;
      continue;
    }
    let n = 0;
    let found = -1;
    let foundEnd = p;
    const lim = e < p + maxLen ? e : p + maxLen;
    for (let q = p; q < lim; q++) {
      const a = buf[q]!;
      if (a >= ALPHA) break;
      n = innerChildren[n * ALPHA + a]!;
      if (n < 0) break;
      let f = innerAnywhere[n]!;
      if (f === -1 && q + 1 === e) f = innerSuffix[n]!;
      if (f !== -1) {
        found = f;
        foundEnd = q + 1;
      }
    }
    if (found !== -1) {
      if (found >= 0) addHit(found, srcStart, srcEnd, undefined);
      p = foundEnd;
    } else p++;
  }
}

/** Advance the phrase automaton over the sequence of plain word tokens. */
function stepPhrase(node: number, srcStart: number, srcEnd: number): void {
  if (node < 0) {
    ACTIVE = 0;
    return;
  }
  const model = M;
  const start = model.nodePhraseStart[node]!;
  if (ACTIVE === 0 && start < 0) return; // the common case: no phrase in progress, none starting
  let count = 0;
  if (ACTIVE > 0 && model.nodePhraseCont[node] === 1) {
    const phraseNext = model.phraseNext;
    for (let k = 0; k < ACTIVE; k++) {
      const nx = phraseNext.get(activeState[k]! * model.nodeCount + node);
      if (nx === undefined) continue;
      const f = model.phraseFeature[nx]!;
      if (f >= 0) addHit(f, activeStart[k]!, srcEnd, undefined);
      if (count < MAX_ACTIVE_PHRASES) {
        nextState[count] = nx;
        nextStart[count++] = activeStart[k]!;
      }
    }
  }
  if (start >= 0 && count < MAX_ACTIVE_PHRASES) {
    nextState[count] = start;
    nextStart[count++] = srcStart;
  }
  for (let k = 0; k < count; k++) {
    activeState[k] = nextState[k]!;
    activeStart[k] = nextStart[k]!;
  }
  ACTIVE = count;
}

/** Parse `#Name` at index h; handles it and returns the index after it (h + 1 if not a hashtag). */
function scanHashtag(h: number): number {
  const s = S;
  const n = N;
  const base = HASHTAG_BASE;
  let j = h + 1;
  let bl = 0; // letters in buf after base
  let parts = 0;
  let prevClass = -1; // 0 lower, 1 upper, 2 digit
  partStart[0] = 0;
  while (j < n && bl < MAX_NAME_LENGTH) {
    const c = s.charCodeAt(j);
    let cls: number;
    let ul: number;
    if (c >= 0x61 && c <= 0x7a) {
      cls = 0;
      ul = -1;
    } else if (c >= 0x41 && c <= 0x5a) {
      cls = 1;
      ul = -1;
    } else if (c >= 0x30 && c <= 0x39) {
      cls = 2;
      ul = -1;
    } else if (c === 0x5f) {
      // underscore: a part boundary
      if (bl > 0 && parts < MAX_HASHTAG_PARTS && partStart[parts] !== bl) partStart[++parts] = bl;
      prevClass = -1;
      j++;
      continue;
    } else if (c >= 0x80 && c < 0x1f00) {
      ul = UNIT_LEN[c]!;
      if (ul === 255) break;
      if (ul === 0) {
        j++;
        continue;
      }
      cls = UNIT_UPPER[c] === 1 ? 1 : 0;
    } else if (c >= 0x1f00 && c < 0xd800) {
      ul = foldHighUnit(c);
      if (ul === 255) break;
      if (ul === 0) {
        j++;
        continue;
      }
      cls = 0;
    } else break;
    // CamelCase boundary: aB, ABc (at B), letter↔digit
    if (bl > 0 && parts < MAX_HASHTAG_PARTS && partStart[parts] !== bl) {
      let boundary = false;
      if (cls === 1 && (prevClass === 0 || prevClass === 2)) boundary = true;
      else if (cls === 2 && (prevClass === 0 || prevClass === 1)) boundary = true;
      else if (cls !== 2 && prevClass === 2) boundary = true;
      else if (cls === 1 && prevClass === 1) {
        const nc = s.charCodeAt(j + 1);
        if (nc >= 0x61 && nc <= 0x7a) boundary = true;
      }
      if (boundary) partStart[++parts] = bl;
    }
    prevClass = cls;
    if (ul === -1) {
      buf[base + bl++] = cls === 2 ? c - 0x30 + 26 : (c | 0x20) - 0x61;
    } else if (c < 0x1f00) {
      for (let k = 0; k < ul && bl < MAX_NAME_LENGTH; k++) buf[base + bl++] = UNIT_CHARS[c * 3 + k]!;
    } else buf[base + bl++] = OTHER_LETTER;
    j++;
  }
  if (bl === 0) return h + 1;
  if (partStart[parts] !== bl) partStart[++parts] = bl;
  // parts is now the number of parts; partStart[0..parts] are their boundaries
  const model = M;
  const watched = model.watchedTable.get(buf, base, base + bl);
  if (watched >= 0) {
    const hits = H;
    if (hits.watchedCount < hits.watched.length) {
      const w = hits.watchedCount++;
      hits.watched[w] = watched;
      hits.watchedStart[w] = h;
      hits.watchedEnd[w] = j;
    }
    if (IGNORE !== undefined && IGNORE[watched] === 1) return j;
  }
  const tf = model.tagTable.get(buf, base, base + bl);
  if (tf >= 0) {
    addHit(tf, h, j, undefined);
    return j;
  }
  matchToken(base, base + bl, h, j, false);
  if (parts > 1) {
    for (let p = 0; p < parts; p++) {
      const pb = partStart[p]!;
      const pe = partStart[p + 1]!;
      if (pe > pb) matchToken(base + pb, base + pe, h, j, false);
    }
  }
  return j;
}

/** Parse `@user` or `@user@instance` at index h; returns the index after it (h + 1 if none). */
function scanMention(h: number): number {
  const s = S;
  const n = N;
  let j = h + 1;
  let key = '';
  while (j < n && j - h <= MAX_NAME_LENGTH) {
    const c = s.charCodeAt(j);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f) key += String.fromCharCode(c);
    else if (c >= 0x41 && c <= 0x5a) key += String.fromCharCode(c | 0x20);
    else break;
    j++;
  }
  if (key.length === 0) return h + 1;
  const mf = M.mentionFeature.get(key);
  if (mf !== undefined) addHit(mf, h, j, undefined);
  // @user@instance.example: the instance counts as a linked domain
  if (j < n && s.charCodeAt(j) === 0x40) {
    let k = j + 1;
    while (k < n && isHostChar(s.charCodeAt(k))) k++;
    if (k > j + 1) {
      scanDomains(j + 1, k, false);
      j = k;
    }
  }
  return j;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}
function isAsciiLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}
function isHostChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 0x2d || c === 0x2e;
}

/**
 * Find host names (`example.org`, `https://sub.example.org/path`) in S[from..to) and look them and
 * their parent domains up. With `record`, the ranges of recognised hosts are remembered so their
 * labels are not counted again as words.
 */
function scanDomains(from: number, to: number, record: boolean): void {
  const s = S;
  const domains = M.domainFeature;
  if (domains.size === 0) return;
  let p = s.indexOf('.', from);
  while (p >= 0 && p < to) {
    if (p > from && p + 1 < to && isAsciiAlnum(s.charCodeAt(p - 1)) && isAsciiLetter(s.charCodeAt(p + 1))) {
      let a = p - 1;
      while (a > from && isHostChar(s.charCodeAt(a - 1))) a--;
      let b = p + 1;
      while (b < to && isHostChar(s.charCodeAt(b))) b++;
      let e = b;
      while (e > p && (s.charCodeAt(e - 1) === 0x2e || s.charCodeAt(e - 1) === 0x2d)) e--;
      if (e - a <= 253 && hasAlphaTld(s, p, e)) {
        let host = s.slice(a, e).toLowerCase();
        for (;;) {
          const f = domains.get(host);
          if (f !== undefined) {
            addHit(f, -1, -1, host);
            if (record && HOSTS < MAX_HOSTS) {
              hostStart[HOSTS] = a;
              hostEnd[HOSTS++] = e;
            }
            break;
          }
          const dot = host.indexOf('.');
          if (dot < 0 || host.indexOf('.', dot + 1) < 0) break;
          host = host.slice(dot + 1);
        }
      }
      p = s.indexOf('.', b);
    } else p = s.indexOf('.', p + 1);
  }
}

/** The last label of the host s[..e) (after its last dot, which is at or after p) is ≥ 2 ASCII letters. */
function hasAlphaTld(s: string, p: number, e: number): boolean {
  let k = e;
  while (k > p && s.charCodeAt(k - 1) !== 0x2e) {
    if (!isAsciiLetter(s.charCodeAt(k - 1))) return false;
    k--;
  }
  return e - k >= 2;
}

/** One feature found in a text, for inspection and tests. */
export interface ExtractedFeature {
  kind: FeatureKind;
  /** Model key, e.g. `word:gesetz*`, `phrase:join us`, `tag:activitypub`, `domain:bundestag.de`. */
  key: string;
  /** The text it was found in, in the post's spelling (`Verhandlungsprotokoll`, `#ActivityPub`). */
  label: string;
  /** Weight per category, in the order of CATEGORY_IDS. */
  weights: number[];
}

/** All features of a text (allocating; for tools and tests — the classifier uses {@link scanFeatures}). */
export function extractFeatures(text: string, model: CompiledModel): ExtractedFeature[] {
  const s = prepareText(text);
  const hits = scanFeatures(s, model);
  const out: ExtractedFeature[] = [];
  for (let k = 0; k < hits.count; k++) {
    const f = hits.feature[k]!;
    const weights: number[] = [];
    for (let c = 0; c < N_CATEGORIES; c++) weights.push(model.weights[f * N_CATEGORIES + c]!);
    out.push({
      kind: model.featureKind[f]!,
      key: model.featureKey[f]!,
      label: hitLabel(hits, k),
      weights,
    });
  }
  return out;
}

/** The display label of hit k. */
export function hitLabel(hits: FeatureHits, k: number): string {
  const start = hits.start[k]!;
  if (start < 0) return hits.label[k] ?? '';
  return hits.text.slice(start, hits.end[k]!);
}
