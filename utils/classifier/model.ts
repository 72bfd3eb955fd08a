/**
 * Compiles a sense inventory (plus optional extra weight tables from a trained model or from user
 * corrections) into lookup structures used by the scorer. Pure: no DOM, no browser or Node APIs.
 *
 * The model is linear: every feature (word entry, phrase, hashtag, domain, mention) has one weight per
 * category; a post's score per category is the sum of the weights of the features it contains plus the
 * log prior of its watched hashtags. Weight tables are feature-first and can simply be added up
 * ({@link mergeWeightTables}).
 */
import { CATEGORY_IDS } from './types';
import type {
  CategoryPrior,
  CategoryWeights,
  FeatureKind,
  SenseInventory,
  WeightTable,
} from './types';
import { ALPHABET, normalizeKey, normalizeTagKey } from './normalize';

export const N_CATEGORIES = CATEGORY_IDS.length;
/** Number of trie children per node: a–z and 0–9. */
export const ALPHA = 36;
/** Slots per node in {@link CompiledModel.trieNext}: one per letter, then the path's inner entry and its length. */
export const TRIE_STRIDE = ALPHA + 2;
/** Minimum position inside a token at which a `*part*` / `*head` entry may start. */
export const MIN_INNER_START = 3;
/** Tokens shorter than this are not searched for compound parts. */
export const MIN_COMPOUND_LENGTH = 7;
/** Probability floor for categories a watched hashtag does not list. */
const PRIOR_FLOOR = 0.01;

const MODE_EXACT = 0;
const MODE_PREFIX = 1;
const MODE_ANYWHERE = 2;
const MODE_SUFFIX = 3;

export interface CompiledModel {
  readonly version: string;
  readonly inventory: SenseInventory;
  readonly featureCount: number;
  /** Feature id → kind and key (`word:gesetz*`, `tag:eu`, …). */
  readonly featureKind: FeatureKind[];
  readonly featureKey: string[];
  /** featureCount × N_CATEGORIES weights, row-major. */
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  /** Multiplies the watched hashtags' log prior (1 unless a trained table says otherwise). */
  readonly priorScale: number;
  /** Scores are divided by it before the softmax (calibration); 1 when no table sets it. */
  readonly temperature: number;
  /**
   * Trie over the alphabet, node 0 the root, {@link TRIE_STRIDE} slots per node, addressed by a node's
   * row (node × TRIE_STRIDE):
   * - at row + letter the child's row, or, when there is no such child, −1 − row: a walk step is just
   *   `row = trieNext[row + letter]`, and a walk that left the trie still knows the last node it reached;
   * - at row + ALPHA the entry that counts inside a token for the path from the root to this node: the
   *   prefix (else anywhere) entry of the deepest node on it that has one (-1 none, -2 neutral), and at
   *   row + ALPHA + 1 that node's depth in letters. So the walk needs no bookkeeping per letter.
   */
  readonly trieNext: Int32Array;
  /** Second trie with only the `*part*` / `*head` entries, walked from inside tokens (compound parts). */
  readonly innerChildren: Int32Array;
  /** 1 for each pair of first two letters (a × ALPHA + b) some inner entry starts with. */
  readonly innerBigram: Uint8Array;
  readonly innerAnywhere: Int32Array;
  readonly innerSuffix: Int32Array;
  /** Longest entry in letters (bounds each walk of the inner trie). */
  readonly maxEntryLength: number;
  /**
   * Feature id of the word entry at a node (-1 none, -2 neutral entry without weight), by the scanner's
   * order of preference among the match modes: when a token ends here (exact, prefix, suffix,
   * anywhere). The entries that count when a token goes on past nodes (prefix, else anywhere) are in
   * {@link trieNext}.
   */
  readonly nodeFinalEntry: Int32Array;
  /** Watched-tag index of the word ending at this node (the tag's name written as a word), or -1. */
  readonly nodeWatched: Int32Array;
  /** Phrase state entered when the word ending at this node starts a phrase, or -1. */
  readonly nodePhraseStart: Int32Array;
  /** 1 when the word ending at this node continues some phrase (2nd or later word). */
  readonly nodePhraseCont: Uint8Array;
  readonly nodeCount: number;
  /** Phrase automaton: (state × nodeCount + node) → next state, for states after the first word. */
  readonly phraseNext: Map<number, number>;
  /** Phrase state → feature id of the phrase it completes, or -1. */
  readonly phraseFeature: Int32Array;
  readonly tagFeature: Map<string, number>;
  /** {@link tagFeature} and {@link watchedKey} for the scanner, looked up by alphabet indices (no strings). */
  readonly tagTable: SymbolKeyTable;
  readonly watchedTable: SymbolKeyTable;
  readonly domainFeature: Map<string, number>;
  readonly mentionFeature: Map<string, number>;
  /** Normalised watched-tag key (canonical and aliases) → index into {@link watchedNames}. */
  readonly watchedKey: Map<string, number>;
  /** Canonical watched hashtag names, in inventory order. */
  readonly watchedNames: string[];
  /** Per watched tag: normalised prior probabilities (N_CATEGORIES each). */
  readonly watchedPrior: Float64Array[];
  /** Log prior when a post carries no known watched hashtag. */
  readonly defaultLogPrior: Float64Array;
}

/* ----------------------------------------------------------------------------------------- */
/* Weight tables                                                                               */
/* ----------------------------------------------------------------------------------------- */

type TableSection = 'words' | 'phrases' | 'tags' | 'domains' | 'mentions';
const SECTIONS: readonly TableSection[] = ['words', 'phrases', 'tags', 'domains', 'mentions'];
const SECTION_KIND: Record<TableSection, FeatureKind> = {
  words: 'word',
  phrases: 'word',
  tags: 'tag',
  domains: 'domain',
  mentions: 'mention',
};

/** The inventory's category-first lexicon as a feature-first weight table. */
export function lexiconToWeightTable(inventory: SenseInventory): WeightTable {
  const table: WeightTable = {};
  for (const category of CATEGORY_IDS) {
    const lexicon = inventory.lexicon[category];
    if (!lexicon) continue;
    for (const section of SECTIONS) {
      const entries = lexicon[section];
      if (!entries) continue;
      const target = (table[section] ??= {});
      for (const [key, weight] of Object.entries(entries)) {
        if (typeof weight !== 'number' || !Number.isFinite(weight)) continue;
        const row = (target[key] ??= {});
        row[category] = (row[category] ?? 0) + weight;
      }
    }
  }
  return table;
}

/** Sum of weight tables (feature by feature, category by category). Inputs are not modified. */
export function mergeWeightTables(...tables: readonly (WeightTable | undefined)[]): WeightTable {
  const out: WeightTable = {};
  for (const table of tables) {
    if (!table) continue;
    for (const section of SECTIONS) {
      const entries = table[section];
      if (!entries) continue;
      const target = (out[section] ??= {});
      for (const [key, weights] of Object.entries(entries)) {
        const row = (target[key] ??= {});
        addWeights(row, weights);
      }
    }
    if (table.bias) addWeights((out.bias ??= {}), table.bias);
    if (typeof table.priorScale === 'number' && Number.isFinite(table.priorScale)) out.priorScale = (out.priorScale ?? 1) * table.priorScale;
    if (typeof table.temperature === 'number' && table.temperature > 0 && Number.isFinite(table.temperature)) {
      out.temperature = (out.temperature ?? 1) * table.temperature;
    }
  }
  return out;
}

function addWeights(target: CategoryWeights, source: CategoryWeights | undefined): void {
  if (!source) return;
  for (const category of CATEGORY_IDS) {
    const w = source[category];
    if (typeof w === 'number' && Number.isFinite(w)) target[category] = (target[category] ?? 0) + w;
  }
}

/* ----------------------------------------------------------------------------------------- */
/* Compilation                                                                                 */
/* ----------------------------------------------------------------------------------------- */

/** Alphabet index of a normalised character, or -1 for anything else. */
function alphaIndex(c: number): number {
  if (c >= 0x61 && c <= 0x7a) return c - 0x61;
  if (c >= 0x30 && c <= 0x39) return c - 0x30 + 26;
  return -1;
}

class TrieBuilder {
  children: number[] = [];
  exact: number[] = [];
  prefix: number[] = [];
  anywhere: number[] = [];
  suffix: number[] = [];
  count = 0;
  maxLength = 0;

  constructor() {
    this.addNode();
  }

  addNode(): number {
    for (let i = 0; i < ALPHA; i++) this.children.push(-1);
    this.exact.push(-1);
    this.prefix.push(-1);
    this.anywhere.push(-1);
    this.suffix.push(-1);
    return this.count++;
  }

  /** Node for a word of a–z/0–9 letters, created as needed; -1 if the word has other characters. */
  insert(word: string): number {
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const a = alphaIndex(word.charCodeAt(i));
      if (a < 0) return -1;
      let next = this.children[node * ALPHA + a]!;
      if (next < 0) {
        next = this.addNode();
        this.children[node * ALPHA + a] = next;
      }
      node = next;
    }
    if (word.length > this.maxLength) this.maxLength = word.length;
    return node;
  }
}

function normalizeWordKey(raw: string): { word: string; mode: number } | null {
  let key = raw.trim();
  let mode = MODE_EXACT;
  const lead = key.startsWith('*');
  const trail = key.endsWith('*');
  if (lead && trail) mode = MODE_ANYWHERE;
  else if (trail) mode = MODE_PREFIX;
  else if (lead) mode = MODE_SUFFIX;
  key = key.replace(/^\*+|\*+$/g, '');
  const word = normalizeKey(key);
  if (!word || !/^[a-z0-9]+$/.test(word)) return null;
  return { word, mode };
}

/** The layout of {@link CompiledModel.trieNext} from a trie's children (ALPHA per node) and inner entries. */
function trieTable(children: readonly number[], innerEntry: Int32Array): Int32Array {
  const table = new Int32Array(innerEntry.length * TRIE_STRIDE);
  const depth = new Int32Array(innerEntry.length);
  table[ALPHA] = innerEntry[0]!; // the root (depth 0)
  // Parents are numbered before their children, so one pass hands each path's entry down.
  for (let node = 0; node < innerEntry.length; node++) {
    const row = node * TRIE_STRIDE;
    for (let a = 0; a < ALPHA; a++) {
      const child = children[node * ALPHA + a]!;
      if (child < 0) {
        table[row + a] = -1 - row;
        continue;
      }
      const childRow = child * TRIE_STRIDE;
      table[row + a] = childRow;
      depth[child] = depth[node]! + 1;
      const own = innerEntry[child]!;
      table[childRow + ALPHA] = own !== -1 ? own : table[row + ALPHA]!;
      table[childRow + ALPHA + 1] = own !== -1 ? depth[child]! : table[row + ALPHA + 1]!;
    }
  }
  return table;
}

/**
 * A map from keys to numbers ≥ 0 that is looked up by a range of a byte buffer holding the key's symbols,
 * so the scanner needs no string per lookup. Open addressing over a power-of-two table.
 */
export class SymbolKeyTable {
  private readonly slots: Int32Array; // entry + 1, 0 = empty
  private readonly keyStart: Int32Array;
  private readonly keyLength: Int32Array;
  private readonly values: Int32Array;
  private readonly symbols: Uint8Array;
  private readonly mask: number;

  /** Keys over the classifier's alphabet (a–z, 0–9, `?`), e.g. normalised tag keys; others are left out. */
  static ofAlphabetKeys(map: ReadonlyMap<string, number>): SymbolKeyTable {
    const entries: Array<[number[], number]> = [];
    for (const [key, value] of map) {
      const symbols = Array.from(key, (ch) => ALPHABET.indexOf(ch));
      if (symbols.every((a) => a >= 0)) entries.push([symbols, value]);
    }
    return new SymbolKeyTable(entries);
  }

  constructor(entries: ReadonlyArray<[readonly number[], number]>) {
    let size = 8;
    while (size < entries.length * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size);
    this.keyStart = new Int32Array(entries.length);
    this.keyLength = new Int32Array(entries.length);
    this.values = new Int32Array(entries.length);
    this.symbols = new Uint8Array(entries.reduce((sum, [key]) => sum + key.length, 0));
    let offset = 0;
    entries.forEach(([key, value], entry) => {
      this.symbols.set(key, offset);
      this.keyStart[entry] = offset;
      this.keyLength[entry] = key.length;
      this.values[entry] = value;
      offset += key.length;
      let slot = SymbolKeyTable.hash(this.symbols, offset - key.length, offset) & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = entry + 1;
    });
  }

  static hash(symbols: Uint8Array, from: number, to: number): number {
    let h = 0x811c9dc5;
    for (let k = from; k < to; k++) h = Math.imul(h ^ symbols[k]!, 0x01000193);
    return h >>> 0;
  }

  /** The value of the key held in buffer[from..to), or -1. */
  get(buffer: Uint8Array, from: number, to: number): number {
    const length = to - from;
    let slot = SymbolKeyTable.hash(buffer, from, to) & this.mask;
    for (;;) {
      const entry = this.slots[slot]! - 1;
      if (entry < 0) return -1;
      if (this.keyLength[entry] === length && this.sameKey(entry, buffer, from)) return this.values[entry]!;
      slot = (slot + 1) & this.mask;
    }
  }

  private sameKey(entry: number, buffer: Uint8Array, from: number): boolean {
    const start = this.keyStart[entry]!;
    const length = this.keyLength[entry]!;
    for (let k = 0; k < length; k++) if (this.symbols[start + k] !== buffer[from + k]) return false;
    return true;
  }
}

/** The first entry that is not -1 (none), or -1. */
function firstEntry(...entries: number[]): number {
  for (const entry of entries) if (entry !== -1) return entry;
  return -1;
}

function normalizePrior(prior: CategoryPrior | undefined): Float64Array {
  const out = new Float64Array(N_CATEGORIES);
  let sum = 0;
  for (let k = 0; k < N_CATEGORIES; k++) {
    const p = prior?.[CATEGORY_IDS[k]!];
    const v = typeof p === 'number' && Number.isFinite(p) && p > 0 ? p : 0;
    out[k] = v;
    sum += v;
  }
  if (sum <= 0) {
    out.fill(1 / N_CATEGORIES);
    return out;
  }
  let sum2 = 0;
  for (let k = 0; k < N_CATEGORIES; k++) {
    out[k] = Math.max(out[k]! / sum, PRIOR_FLOOR);
    sum2 += out[k]!;
  }
  for (let k = 0; k < N_CATEGORIES; k++) out[k] = out[k]! / sum2;
  return out;
}

/**
 * Compile an inventory and optional extra weight tables (trained weights, user corrections) into a
 * model. Extra tables are added to the inventory's lexicon weights; their keys use the lexicon syntax.
 */
export function compileModel(inventory: SenseInventory, extra: readonly WeightTable[] = []): CompiledModel {
  const table = mergeWeightTables(lexiconToWeightTable(inventory), ...extra);
  const featureKind: FeatureKind[] = [];
  const featureKey: string[] = [];
  const weightRows: number[] = [];
  const featureIndex = new Map<string, number>();

  const addFeature = (kind: FeatureKind, key: string, weights: CategoryWeights): number => {
    const id = featureIndex.get(key);
    if (id !== undefined) {
      for (let k = 0; k < N_CATEGORIES; k++) weightRows[id * N_CATEGORIES + k]! += weights[CATEGORY_IDS[k]!] ?? 0;
      return id;
    }
    const newId = featureKind.length;
    featureIndex.set(key, newId);
    featureKind.push(kind);
    featureKey.push(key);
    for (let k = 0; k < N_CATEGORIES; k++) weightRows.push(weights[CATEGORY_IDS[k]!] ?? 0);
    return newId;
  };

  const trie = new TrieBuilder();
  const inner = new TrieBuilder();
  const innerBigram = new Uint8Array(ALPHA * ALPHA);
  // Words (single tokens, with match modes).
  for (const [raw, weights] of Object.entries(table.words ?? {})) {
    const parsed = normalizeWordKey(raw);
    if (!parsed) continue;
    const lead = parsed.mode === MODE_SUFFIX || parsed.mode === MODE_ANYWHERE ? '*' : '';
    const trail = parsed.mode === MODE_PREFIX || parsed.mode === MODE_ANYWHERE ? '*' : '';
    const key = `word:${lead}${parsed.word}${trail}`;
    const neutral = CATEGORY_IDS.every((c) => !weights[c]);
    const node = trie.insert(parsed.word);
    if (node < 0) continue;
    const id = neutral && !featureIndex.has(key) ? -2 : addFeature('word', key, weights);
    const slot =
      parsed.mode === MODE_EXACT ? trie.exact : parsed.mode === MODE_PREFIX ? trie.prefix : parsed.mode === MODE_SUFFIX ? trie.suffix : trie.anywhere;
    slot[node] = id;
    if (parsed.mode === MODE_ANYWHERE || parsed.mode === MODE_SUFFIX) {
      const innerNode = inner.insert(parsed.word);
      const first = alphaIndex(parsed.word.charCodeAt(0));
      if (parsed.word.length >= 2) innerBigram[first * ALPHA + alphaIndex(parsed.word.charCodeAt(1))] = 1;
      else innerBigram.fill(1, first * ALPHA, first * ALPHA + ALPHA);
      (parsed.mode === MODE_ANYWHERE ? inner.anywhere : inner.suffix)[innerNode] = id;
    }
  }

  // Phrases: sequences of exact words, compiled into an automaton over trie nodes.
  const phraseTransitions: Array<Map<number, number>> = [new Map()];
  const phraseFeatureList: number[] = [-1];
  const phraseEntries: Array<{ nodes: number[]; feature: number }> = [];
  for (const [raw, weights] of Object.entries(table.phrases ?? {})) {
    const words = normalizeKey(raw)
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 0);
    if (words.length < 2) continue;
    const nodes = words.map((w) => trie.insert(w));
    if (nodes.some((n) => n < 0)) continue;
    const feature = addFeature('word', `phrase:${words.join(' ')}`, weights);
    phraseEntries.push({ nodes, feature });
  }
  for (const { nodes, feature } of phraseEntries) {
    let state = 0;
    for (const node of nodes) {
      const map = phraseTransitions[state]!;
      let next = map.get(node);
      if (next === undefined) {
        next = phraseTransitions.length;
        phraseTransitions.push(new Map());
        phraseFeatureList.push(-1);
        map.set(node, next);
      }
      state = next;
    }
    phraseFeatureList[state] = feature;
  }
  // Watched tag names as words: a post's own watched tag written as a plain word adds nothing to its prior.
  const watchedWordNodes: Array<[number, number]> = [];
  Object.entries(inventory.hashtags ?? {}).forEach(([name, sense], index) => {
    for (const alias of [name, ...(sense.aliases ?? [])]) {
      const node = trie.insert(normalizeTagKey(alias));
      if (node > 0) watchedWordNodes.push([node, index]);
    }
  });
  const nodeCount = trie.count;
  const nodeWatched = new Int32Array(nodeCount).fill(-1);
  for (const [node, index] of watchedWordNodes) if (nodeWatched[node] === -1) nodeWatched[node] = index;
  const phraseNext = new Map<number, number>();
  const nodePhraseStart = new Int32Array(nodeCount).fill(-1);
  const nodePhraseCont = new Uint8Array(nodeCount);
  phraseTransitions.forEach((map, state) => {
    for (const [node, next] of map) {
      if (state === 0) nodePhraseStart[node] = next;
      else {
        phraseNext.set(state * nodeCount + node, next);
        nodePhraseCont[node] = 1;
      }
    }
  });

  const tagFeature = new Map<string, number>();
  for (const [raw, weights] of Object.entries(table.tags ?? {})) {
    const key = normalizeTagKey(raw);
    if (key) tagFeature.set(key, addFeature('tag', `tag:${key}`, weights));
  }
  const domainFeature = new Map<string, number>();
  for (const [raw, weights] of Object.entries(table.domains ?? {})) {
    const key = raw.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/.*$/, '');
    if (key) domainFeature.set(key, addFeature('domain', `domain:${key}`, weights));
  }
  const mentionFeature = new Map<string, number>();
  for (const [raw, weights] of Object.entries(table.mentions ?? {})) {
    const key = normalizeKey(raw);
    if (key) mentionFeature.set(key, addFeature('mention', `mention:${key}`, weights));
  }

  const watchedKey = new Map<string, number>();
  const watchedNames: string[] = [];
  const watchedPrior: Float64Array[] = [];
  for (const [name, sense] of Object.entries(inventory.hashtags ?? {})) {
    const index = watchedNames.length;
    watchedNames.push(name);
    watchedPrior.push(normalizePrior(sense.priors));
    for (const alias of [name, ...(sense.aliases ?? [])]) {
      const key = normalizeTagKey(alias);
      if (key && !watchedKey.has(key)) watchedKey.set(key, index);
    }
  }

  const bias = new Float64Array(N_CATEGORIES);
  for (let k = 0; k < N_CATEGORIES; k++) bias[k] = table.bias?.[CATEGORY_IDS[k]!] ?? 0;
  const defaultPrior = normalizePrior(inventory.defaultPrior);
  const defaultLogPrior = new Float64Array(N_CATEGORIES);
  for (let k = 0; k < N_CATEGORIES; k++) defaultLogPrior[k] = Math.log(defaultPrior[k]!);

  const phraseFeature = Int32Array.from(phraseFeatureList);
  const nodeInnerEntry = Int32Array.from({ length: trie.count }, (_, i) => firstEntry(trie.prefix[i]!, trie.anywhere[i]!));
  return {
    version: String(inventory.version ?? ''),
    inventory,
    featureCount: featureKind.length,
    featureKind,
    featureKey,
    weights: Float64Array.from(weightRows),
    bias,
    priorScale: table.priorScale ?? 1,
    temperature: table.temperature ?? 1,
    trieNext: trieTable(trie.children, nodeInnerEntry),
    innerChildren: Int32Array.from(inner.children),
    innerBigram,
    innerAnywhere: Int32Array.from(inner.anywhere),
    innerSuffix: Int32Array.from(inner.suffix),
    maxEntryLength: trie.maxLength,
    nodeWatched,
    nodeFinalEntry: Int32Array.from({ length: trie.count }, (_, i) =>
      firstEntry(trie.exact[i]!, trie.prefix[i]!, trie.suffix[i]!, trie.anywhere[i]!),
    ),
    nodePhraseStart,
    nodePhraseCont,
    nodeCount,
    phraseNext,
    phraseFeature,
    tagFeature,
    tagTable: SymbolKeyTable.ofAlphabetKeys(tagFeature),
    watchedTable: SymbolKeyTable.ofAlphabetKeys(watchedKey),
    domainFeature,
    mentionFeature,
    watchedKey,
    watchedNames,
    watchedPrior,
    defaultLogPrior,
  };
}

/**
 * Log prior of a post from its watched hashtags (`selected[t] = 1`, `known` of them) into `out`. Several
 * tags combine as a product of their priors, renormalised (independent evidence: the most specific tag
 * dominates, so a #ChatControl reply on the #Protokoll timeline stays `legislation`). No tag: the default prior.
 */
export function combinePriors(model: CompiledModel, selected: Uint8Array, known: number, out: Float64Array): void {
  if (known === 0) {
    out.set(model.defaultLogPrior);
    return;
  }
  out.fill(0);
  for (let t = 0; t < selected.length; t++) {
    if (selected[t] !== 1) continue;
    const p = model.watchedPrior[t]!;
    for (let k = 0; k < N_CATEGORIES; k++) out[k] = out[k]! + Math.log(p[k]!);
  }
  if (known === 1) return; // a single prior is normalised already
  let max = -Infinity;
  for (let k = 0; k < N_CATEGORIES; k++) if (out[k]! > max) max = out[k]!;
  let z = 0;
  for (let k = 0; k < N_CATEGORIES; k++) z += Math.exp(out[k]! - max);
  const shift = max + Math.log(z);
  for (let k = 0; k < N_CATEGORIES; k++) out[k] = out[k]! - shift;
}
