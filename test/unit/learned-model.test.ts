import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CATEGORY_IDS,
  CLASSIFIER_VERSION,
  DEFAULT_INVENTORY,
  TRAINED_WEIGHTS,
  categoryProbabilities,
  classifyPost,
  compileModel,
  compileWithLearnt,
  extractFeatures,
  tokenizePost,
} from '@/utils/classifier';
import trainedJson from '@/utils/classifier/trained-weights.json';

const lexiconOnly = compileModel(DEFAULT_INVENTORY);
const weightOf = (model: ReturnType<typeof compileModel>, text: string, key: string) =>
  extractFeatures(text, model).find((f) => f.key === key)?.weights;

describe('trained weights on top of the lexicon', () => {
  it('a learnt whole word carries the lexicon weights of the stems and compound parts inside it', () => {
    const stem = extractFeatures('Gesetzes', lexiconOnly);
    expect(stem.length).toBeGreaterThan(0);
    const lexiconSum = CATEGORY_IDS.map((_, k) => stem.reduce((sum, f) => sum + f.weights[k]!, 0));
    const model = compileWithLearnt(DEFAULT_INVENTORY, [{ words: { gesetzes: { other: 0.5 } } }]);
    const learnt = weightOf(model, 'Gesetzes', 'word:gesetzes')!;
    CATEGORY_IDS.forEach((category, k) => expect(learnt[k]).toBeCloseTo(lexiconSum[k]! + (category === 'other' ? 0.5 : 0), 9));
  });

  it('a learnt word that is a lexicon entry written with umlauts gets the lexicon weight once, not twice', () => {
    const inventory = {
      ...DEFAULT_INVENTORY,
      lexicon: { ...DEFAULT_INVENTORY.lexicon, civic_recruiting: { words: { 'kassenprüferin': 2 } } },
    };
    const model = compileWithLearnt(inventory, [{ words: { kassenprueferin: { other: 0.5 } } }]);
    const learnt = weightOf(model, 'Kassenprüferin', 'word:kassenprueferin')!;
    const civic = CATEGORY_IDS.indexOf('civic_recruiting');
    expect(learnt[civic]).toBeCloseTo(2, 9);
    expect(learnt[CATEGORY_IDS.indexOf('other')]).toBeCloseTo(0.5, 9);
  });

  it('priorScale multiplies the watched hashtag’s log prior, and tables multiply', () => {
    const post = { text: 'Guten Morgen', watchedTags: ['ChatControl'] };
    const plain = categoryProbabilities(post, { model: lexiconOnly }).legislation;
    const sharper = categoryProbabilities(post, { model: compileModel(DEFAULT_INVENTORY, [{ priorScale: 2 }]) }).legislation;
    const flat = categoryProbabilities(post, { model: compileModel(DEFAULT_INVENTORY, [{ priorScale: 2 }, { priorScale: 0 }]) });
    expect(sharper).toBeGreaterThan(plain);
    for (const category of CATEGORY_IDS) expect(flat[category]).toBeCloseTo(0.25, 9);
  });

  it('names the trained weights in CLASSIFIER_VERSION by a hash of what they hold', () => {
    const hash = createHash('sha256').update(JSON.stringify(trainedJson.table)).digest('hex').slice(0, 12);
    expect(trainedJson.version).toBe(`lr.${hash}`);
    expect(CLASSIFIER_VERSION).toContain(trainedJson.version);
  });

  it('keeps the shipped table small enough for the background bundle', () => {
    expect(JSON.stringify(trainedJson).length).toBeLessThan(200_000);
    expect(Object.keys(TRAINED_WEIGHTS.words ?? {}).length).toBeGreaterThan(100);
  });
});

describe('the shipped model', () => {
  it('sorts German compounds by their parts', () => {
    expect(classifyPost({ text: 'Das Verhandlungsprotokoll des Ratsausschusses ist online.', watchedTags: ['Protokoll'] }).category).toBe('legislation');
    expect(classifyPost({ text: 'Neues Netzwerkprotokoll für Homeserver-Föderation veröffentlicht', watchedTags: ['Protokoll'] }).category).toBe('network_protocol');
    expect(classifyPost({ text: 'Unser Verein sucht eine Schriftführerin, die das Protokoll übernimmt. Meldet euch!', watchedTags: ['Protokoll'] }).category).toBe('civic_recruiting');
  });

  it('without evidence, abstains or follows the hashtag’s prior weakly; with evidence, answers confidently', () => {
    expect(classifyPost({ text: 'Guten Morgen zusammen ☕', watchedTags: ['Protokoll'] }).abstained).toBe(true);
    for (const tag of ['Protocol', 'Matrix', 'Signal', 'Ehrenamt', 'Datenschutz']) {
      const r = classifyPost({ text: 'Guten Morgen zusammen ☕', watchedTags: [tag] });
      expect(r.confidence, tag).toBeLessThan(0.65);
    }
    const sure = classifyPost({ text: 'Der EU-Rat vertagt die Abstimmung über die Chatkontrolle-Verordnung.', watchedTags: ['Protokoll'] });
    expect(sure).toMatchObject({ category: 'legislation', abstained: false });
    expect(sure.confidence).toBeGreaterThan(0.8);
  });

  it('combines several watched hashtags as a product of priors: a #ChatControl reply on the #Protokoll timeline stays legislation', () => {
    const reply = 'And you don’t know the level of anger you’re currently unleashing.\n#chatcontrol';
    expect(classifyPost({ text: reply, watchedTags: ['chatcontrol', 'protokoll'] }).category).toBe('legislation');
    const both = categoryProbabilities({ text: 'Guten Morgen', watchedTags: ['chatcontrol', 'protokoll'] }).legislation;
    const alone = categoryProbabilities({ text: 'Guten Morgen', watchedTags: ['protokoll'] }).legislation;
    expect(both).toBeGreaterThan(alone);
    // order and repetition of the tags do not matter
    expect(categoryProbabilities({ text: reply, watchedTags: ['protokoll', 'ChatControl', 'chatcontrol'] })).toEqual(
      categoryProbabilities({ text: reply, watchedTags: ['chatcontrol', 'protokoll'] }),
    );
  });

  it('seed posts read as on the #Protokoll timeline (implied tag, hashtag bar) keep accuracy ≥ 0.95', () => {
    const lines = readFileSync('test/fixtures/seed-posts.jsonl', 'utf8').split('\n').filter(Boolean);
    let correct = 0;
    for (const line of lines) {
      const seed = JSON.parse(line) as { text: string; tag: string; label: string };
      const text = new RegExp(`#${seed.tag}\\b`, 'i').test(seed.text) ? seed.text : `${seed.text}\n#${seed.tag}`;
      const inText = [...text.matchAll(/#([\p{L}\p{N}_]+)/gu)].map((m) => m[1]!.toLowerCase());
      const tags = [...new Set([...inText, seed.tag.toLowerCase(), 'protokoll'])];
      if (classifyPost({ text, watchedTags: tags }).category === seed.label) correct++;
    }
    expect(correct / lines.length).toBeGreaterThanOrEqual(0.95);
  });

  it('classifies posts under a user’s own hashtag (no prior) by their words', () => {
    const r = classifyPost({ text: 'Mastodon spricht ActivityPub: Server föderieren über das Protokoll #Fediverse', watchedTags: ['Fediverse'] });
    expect(r.category).toBe('network_protocol');
  });

  it('gives reasons as words, hashtags, domains or mentions in the post’s own spelling, never feature keys', () => {
    const lines = readFileSync('test/fixtures/seed-posts.jsonl', 'utf8').split('\n').filter(Boolean);
    let reasons = 0;
    for (const line of lines) {
      const post = JSON.parse(line) as { text: string; tag: string };
      for (const reason of classifyPost({ text: post.text, watchedTags: [post.tag] }).reasons) {
        reasons++;
        if (reason.kind === 'tag' && reason.label.toLowerCase() === `#${post.tag.toLowerCase()}`) continue; // the watched hashtag's prior
        expect(reason.label).not.toMatch(/^(word|phrase|tag|domain|mention):/);
        expect(reason.label).not.toContain('*');
        expect(post.text.toLowerCase().normalize('NFKC')).toContain(reason.label.toLowerCase().replace(/^#/, ''));
      }
    }
    expect(reasons).toBeGreaterThan(100);
  });
});

describe('tokenizer (the open vocabulary the model learns from)', () => {
  it('folds umlauts, drops stop words, numbers and the URL scheme, keeps compounds whole', () => {
    const tokens = tokenizePost('Die Verhandlungsprotokolle über 2024 sind da: https://www.bundestag.de/protokolle #Plenarprotokoll');
    expect(tokens.words).toContain('verhandlungsprotokolle');
    expect(tokens.words).not.toContain('die');
    expect(tokens.words).not.toContain('2024');
    expect(tokens.words).not.toContain('https');
    expect(tokens.tags).toEqual(['plenarprotokoll']);
    expect(tokens.domains).toEqual(['bundestag.de']);
  });
});
