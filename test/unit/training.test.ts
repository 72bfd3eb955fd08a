import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INVENTORY,
  DEFAULT_LOGISTIC,
  DEFAULT_TRAINING,
  TRAINED_WEIGHTS,
  calibrationError,
  categoryProbabilities,
  classifyPost,
  compileWithLearnt,
  crossValidate,
  extractFeatures,
  firstSentence,
  fitTemperature,
  lexiconToWeightTable,
  nestedCrossValidate,
  repeatedCrossValidate,
  trainLogistic,
  trainNaiveBayes,
} from '@/utils/classifier';
import type { TrainingExample } from '@/utils/classifier';

const toy: TrainingExample[] = [
  { text: 'Der Rat berät die Verordnung, Trilog vertagt', label: 'legislation', watchedTags: ['Protokoll'] },
  { text: 'Trilog zur Verordnung im Rat, #Protokoll der Sitzung', label: 'legislation', watchedTags: ['Protokoll'] },
  { text: 'Homeserver und Federation über das Matrix Protokoll', label: 'network_protocol', watchedTags: ['Protokoll'] },
  { text: 'Federation zwischen Homeserver Instanzen, #Protokoll', label: 'network_protocol', watchedTags: ['Protokoll'] },
  { text: 'Unikat', label: 'other', watchedTags: ['Protokoll'] },
];

describe('naive Bayes training', () => {
  it('learns words shared by posts of a context, toward that context', () => {
    const table = trainNaiveBayes(toy);
    expect(table.words?.trilog?.legislation).toBeGreaterThan(0);
    expect(table.words?.trilog?.network_protocol).toBeLessThan(0);
    expect(table.words?.homeserver?.network_protocol).toBeGreaterThan(0);
  });

  it('drops one-off words and the watched hashtag the posts were found under', () => {
    const table = trainNaiveBayes(toy);
    expect(table.words?.unikat).toBeUndefined();
    expect(table.tags?.protokoll).toBeUndefined();
    expect(table.words?.protokoll).toBeUndefined();
  });

  it('moves a post the lexicon alone cannot place', () => {
    const post = { text: 'Neue Homeserver-Federation getestet, läuft stabil', watchedTags: ['protokoll'] };
    const model = compileWithLearnt(DEFAULT_INVENTORY, [trainNaiveBayes([...toy, ...toy])]);
    expect(classifyPost(post, { model }).category).toBe('network_protocol');
  });
});

/** The files the shipped weights name as their training data (`trainedOn` in trained-weights.json). */
const trainedOnFiles = (): string[] => {
  const { trainedOn } = JSON.parse(readFileSync('utils/classifier/trained-weights.json', 'utf8')) as { trainedOn: { file?: string; files?: string[] } };
  return trainedOn.files ?? [trainedOn.file!];
};
const corpus = (): TrainingExample[] =>
  trainedOnFiles()
    .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { id: string; text: string; label: TrainingExample['label']; tag: string; source?: string })
    .map((post) => ({ text: post.text, label: post.label, watchedTags: [post.tag], group: post.source ?? post.id }));

describe('logistic regression training', () => {
  it('is deterministic: the shipped weights are exactly what `npm run train` builds from the corpus', () => {
    expect(trainedOnFiles()).toEqual([
      'test/fixtures/corpus/posts.jsonl',
      'test/fixtures/corpus/batch-3.jsonl',
      'test/fixtures/corpus/batch-4.jsonl',
      'test/fixtures/corpus/batch-5.jsonl',
    ]);
    expect(trainLogistic(corpus(), DEFAULT_INVENTORY, DEFAULT_LOGISTIC)).toEqual(TRAINED_WEIGHTS);
  });

  it('gives the same table twice for the same examples', () => {
    const first = trainLogistic([...toy, ...toy], DEFAULT_INVENTORY);
    expect(JSON.stringify(trainLogistic([...toy, ...toy], DEFAULT_INVENTORY))).toBe(JSON.stringify(first));
  });

  it('learns words shared by posts of a context toward it, and leaves one-off words and the watched hashtag out', () => {
    const table = trainLogistic([...toy, ...toy.slice(0, 4)], DEFAULT_INVENTORY);
    expect(table.words?.trilog?.legislation ?? 0).toBeGreaterThanOrEqual(0);
    expect(table.words?.homeserver?.network_protocol).toBeGreaterThan(0);
    expect(table.words?.unikat).toBeUndefined();
    expect(table.tags?.protokoll).toBeUndefined();
    expect(table.words?.protokoll).toBeUndefined();
  });

  it('re-weighs lexicon entries the data contradicts (stored as changes in lexicon syntax)', () => {
    // a lexicon word for network_protocol that only ever appears in posts labelled `other`
    const lexicon = lexiconToWeightTable(DEFAULT_INVENTORY).words ?? {};
    const [word] = Object.entries(lexicon).find(([key, w]) => /^[a-z]+$/.test(key) && (w.network_protocol ?? 0) >= 1) ?? [];
    expect(word).toBeDefined();
    const examples: TrainingExample[] = Array.from({ length: 12 }, (_, i) => ({
      text: `Post ${'abcdefghijkl'[i]} über ${word} beim Kaffee`,
      label: 'other',
      watchedTags: ['Protokoll'],
    }));
    examples.push(...toy.slice(0, 4));
    const table = trainLogistic(examples, DEFAULT_INVENTORY);
    expect(table.words?.[word!]?.network_protocol).toBeLessThan(0);
    const model = compileWithLearnt(DEFAULT_INVENTORY, [table]);
    const post = { text: `Noch ein Post über ${word} beim Kaffee`, watchedTags: ['protokoll'] };
    expect(categoryProbabilities(post, { model }).other).toBeGreaterThan(categoryProbabilities(post).other);
  });

  it('keeps the shipped table small and its reasons readable', () => {
    expect(JSON.stringify(TRAINED_WEIGHTS).length).toBeLessThan(250_000);
    const result = classifyPost({ text: 'Der Trilog zur Chatkontrolle ist vertagt, der Rat verhandelt weiter.', watchedTags: ['protokoll'] });
    expect(result.category).toBe('legislation');
    for (const reason of result.reasons) expect(reason.label).toMatch(/^[#@]?[\p{L}\p{N}][\p{L}\p{N}.\- ]*$/u);
  });
});

describe('logistic regression options', () => {
  const cylinders: TrainingExample[] = ['Zylinderkopf', 'Zylinderköpfe', 'Zylinderkopfdichtung'].map((word) => ({
    text: `Heute in der Werkstatt: ${word} getauscht`,
    label: 'other',
    watchedTags: ['Protokoll'],
  }));

  it('stemLength: learns long words as their beginning, which also scores inflections it never saw', () => {
    const examples = [...toy, ...cylinders];
    const table = trainLogistic(examples, DEFAULT_INVENTORY, { ...DEFAULT_LOGISTIC, stemLength: 6 });
    expect(table.words?.['zylind*']?.other).toBeGreaterThan(0);
    expect(table.words?.zylinderkopf).toBeUndefined();
    const model = compileWithLearnt(DEFAULT_INVENTORY, [table]);
    const post = { text: 'Zylinderkopfschrauben nachgezogen', watchedTags: ['Protokoll'] };
    expect(categoryProbabilities(post, { model }).other).toBeGreaterThan(categoryProbabilities(post).other);
  });

  it('a learnt word beginning longer than a lexicon stem carries the lexicon weight it hides', () => {
    const lexiconOnly = extractFeatures('gesetzlichen', compileWithLearnt(DEFAULT_INVENTORY, []));
    const model = compileWithLearnt(DEFAULT_INVENTORY, [{ words: { 'gesetzliche*': { other: 0.5 } } }]);
    const [hit] = extractFeatures('gesetzlichen', model);
    expect(hit?.key).toBe('word:gesetzliche*');
    expect(hit?.weights[0]).toBeCloseTo(lexiconOnly[0]!.weights[0]!);
    expect(hit?.weights[3]).toBeCloseTo(lexiconOnly[0]!.weights[3]! + 0.5);
  });

  it('naiveBayes: starts from naive-Bayes weights and ships them in the same table', () => {
    const examples = [...toy, ...toy.slice(0, 4)];
    const nb = trainNaiveBayes(examples, DEFAULT_TRAINING);
    const start = trainLogistic(examples, DEFAULT_INVENTORY, { ...DEFAULT_LOGISTIC, iterations: 0, naiveBayes: DEFAULT_TRAINING });
    for (const [word, weights] of Object.entries(nb.words ?? {})) {
      for (const [category, w] of Object.entries(weights)) {
        if (Math.abs(w) >= DEFAULT_LOGISTIC.minWeight!) expect(start.words?.[word]?.[category as keyof typeof weights]).toBe(w);
      }
    }
    const trained = trainLogistic(examples, DEFAULT_INVENTORY, { ...DEFAULT_LOGISTIC, naiveBayes: DEFAULT_TRAINING });
    expect(trained.words?.homeserver?.network_protocol).toBeGreaterThan(0);
    expect(JSON.stringify(trainLogistic(examples, DEFAULT_INVENTORY, { ...DEFAULT_LOGISTIC, naiveBayes: DEFAULT_TRAINING }))).toBe(JSON.stringify(trained));
  });

  it('firstSentence: the first sentence or line of a text of several, else nothing', () => {
    expect(firstSentence('Der Rat tagt. Morgen mehr!')).toBe('Der Rat tagt.');
    expect(firstSentence('Erste Zeile\nzweite Zeile')).toBe('Erste Zeile');
    expect(firstSentence('Nur ein Satz.')).toBeUndefined();
    expect(firstSentence('kein Satzende')).toBeUndefined();
    expect(firstSentence('')).toBeUndefined();
  });

  it('shortCopies: the first sentences of long posts teach the prior to carry a post of generic words', () => {
    // legislation posts under #Datenschutz open with generic words and name the law later; `other` posts
    // under #Signal hold only the generic words. Trained on whole posts, the generic words lean to `other`.
    const generic = ['projekt', 'allgemein', 'nachrichten', 'weise', 'woche', 'gedanken'];
    const three = (i: number) => `${generic[i % 6]} ${generic[(i + 1) % 6]} ${generic[(i + 2) % 6]}`;
    const examples: TrainingExample[] = [
      ...Array.from({ length: 8 }, (_, i) => ({ text: `Heute ${three(i)} dazu. Der Rat stimmt über die Verordnung ab.`, label: 'legislation' as const, watchedTags: ['Datenschutz'] })),
      ...Array.from({ length: 16 }, (_, i) => ({ text: `${three(i + 3)} beim Kaffee`, label: 'other' as const, watchedTags: ['Signal'] })),
    ];
    const options = { ...DEFAULT_LOGISTIC, learnPriorScale: false, shortCopies: 0 };
    const whole = trainLogistic(examples, DEFAULT_INVENTORY, options);
    const withCopies = trainLogistic(examples, DEFAULT_INVENTORY, { ...options, shortCopies: 0.5 });
    expect(whole.words?.projekt?.legislation).toBeLessThan(0);
    expect(withCopies.words?.projekt?.legislation).toBeGreaterThan(0);
    const reply = { text: 'Heute Projekt allgemein Nachrichten dazu.', watchedTags: ['Datenschutz'] };
    const otherWhole = categoryProbabilities(reply, { model: compileWithLearnt(DEFAULT_INVENTORY, [whole]) }).other;
    const otherCopies = categoryProbabilities(reply, { model: compileWithLearnt(DEFAULT_INVENTORY, [withCopies]) }).other;
    expect(otherWhole).toBeGreaterThan(0.05);
    expect(otherCopies).toBeLessThan(otherWhole / 10);
    // the vocabulary still comes from the whole posts: a first sentence adds no post to a word's count
    const once: TrainingExample[] = [{ text: 'Einzelwort hier. Und noch ein Satz.', label: 'other', watchedTags: ['Signal'] }, ...toy];
    expect(trainLogistic(once, DEFAULT_INVENTORY, { ...DEFAULT_LOGISTIC, shortCopies: 1 }).words?.einzelwort).toBeUndefined();
  });

  it('minWeight: ships no weight below it, and so a smaller table', () => {
    const examples = [...toy, ...toy.slice(0, 4), ...cylinders];
    const fine = trainLogistic(examples, DEFAULT_INVENTORY, DEFAULT_LOGISTIC);
    const coarse = trainLogistic(examples, DEFAULT_INVENTORY, { ...DEFAULT_LOGISTIC, minWeight: 0.1 });
    const weights = (table: typeof fine) => Object.values(table.words ?? {}).flatMap((row) => Object.values(row));
    expect(weights(fine).some((w) => Math.abs(w) < 0.1)).toBe(true);
    expect(weights(coarse).every((w) => Math.abs(w) >= 0.1)).toBe(true);
    expect(JSON.stringify(coarse).length).toBeLessThan(JSON.stringify(fine).length);
  });
});

describe('calibration', () => {
  // Four made-up words, each with its own context in three posts of four and another context in the fourth:
  // a model fitted to these posts is surer of such a word than the posts it did not see bear out.
  const labels = ['legislation', 'network_protocol', 'civic_recruiting', 'other'] as const;
  const words = ['quorxa', 'zentrip', 'mobalu', 'fendrix'];
  const noisy: TrainingExample[] = Array.from({ length: 96 }, (_, i) => {
    const k = i % 4;
    const label = i % 16 >= 12 ? labels[(k + 1) % 4]! : labels[k]!;
    return { text: `${words[k]} ${words[(k + Math.floor(i / 4)) % 4]} heute`, label, watchedTags: ['Protokoll'], group: `g${i % 24}` };
  });

  it('calibrationFolds: fits a temperature above 1 when out-of-fold predictions are surer than they are right', () => {
    const plain = trainLogistic(noisy, DEFAULT_INVENTORY, { ...DEFAULT_LOGISTIC, calibrationFolds: undefined });
    const calibrated = trainLogistic(noisy, DEFAULT_INVENTORY, { ...DEFAULT_LOGISTIC, calibrationFolds: 4 });
    expect(plain.temperature).toBeUndefined();
    expect(calibrated.temperature).toBeGreaterThan(1);
    expect({ ...calibrated, temperature: undefined }).toEqual({ ...plain, temperature: undefined });
    expect(fitTemperature(noisy, DEFAULT_INVENTORY, { ...DEFAULT_LOGISTIC, calibrationFolds: 4 })).toBe(calibrated.temperature);
  });

  it('a temperature makes the classifier less sure, never of another category; tables multiply it', () => {
    const post = { text: 'Der Rat beschließt die Verordnung zur Chatkontrolle', watchedTags: ['Protokoll'] };
    const sure = classifyPost(post, { model: compileWithLearnt(DEFAULT_INVENTORY, [{}]) });
    const cooler = classifyPost(post, { model: compileWithLearnt(DEFAULT_INVENTORY, [{ temperature: 2 }]) });
    const twice = classifyPost(post, { model: compileWithLearnt(DEFAULT_INVENTORY, [{ temperature: 2 }, { temperature: 2 }]) });
    const four = classifyPost(post, { model: compileWithLearnt(DEFAULT_INVENTORY, [{ temperature: 4 }]) });
    expect(cooler.category).toBe(sure.category);
    expect(cooler.confidence).toBeLessThan(sure.confidence);
    expect(twice.confidence).toBeCloseTo(four.confidence, 12);
    const probabilities = categoryProbabilities(post, { model: compileWithLearnt(DEFAULT_INVENTORY, [{ temperature: 2 }]) });
    expect(probabilities[cooler.category]).toBeCloseTo(cooler.confidence, 12);
  });

  it('calibrationError: 0 when the stated confidence matches the share of right answers, the gap otherwise', () => {
    const tenAt = (confidence: number) => Array.from({ length: 10 }, () => confidence);
    const eightOfTen = Array.from({ length: 10 }, (_, i) => i < 8);
    expect(calibrationError(tenAt(0.85), eightOfTen)).toBeCloseTo(0.05, 12);
    expect(calibrationError([...tenAt(0.85), ...tenAt(0.25)], [...eightOfTen, ...Array.from({ length: 10 }, (_, i) => i < 2)])).toBeCloseTo(0.05, 12);
    expect(calibrationError([0.95, 0.95], [true, false])).toBeCloseTo(0.45, 12);
    expect(calibrationError([], [])).toBe(0);
  });
});

describe('cross-validation', () => {
  it('classifies every post by a model that never saw its group', () => {
    const posts = toy.map((example, index) => ({ ...example, group: `g${index % 2}` }));
    const predictions = crossValidate(posts, 2, DEFAULT_INVENTORY);
    expect(predictions).toHaveLength(posts.length);
    for (const prediction of predictions) expect(['legislation', 'network_protocol', 'civic_recruiting', 'other']).toContain(prediction.category);
  });

  it('repeated: one run per fold assignment, assignment 0 is the usual folds', () => {
    const posts = [...toy, ...toy].map((example, index) => ({ ...example, group: `g${index}` }));
    const runs = repeatedCrossValidate(posts, 2, 3, DEFAULT_INVENTORY);
    expect(runs).toHaveLength(3);
    expect(runs[0]).toEqual(crossValidate(posts, 2, DEFAULT_INVENTORY));
    for (const run of runs) expect(run).toHaveLength(posts.length);
  });

  it('nested: picks the penalty per outer fold from the grid, from the fold’s training posts only', () => {
    const posts = [...toy, ...toy].map((example, index) => ({ ...example, group: `g${index % 3}` }));
    const { predicted, picked } = nestedCrossValidate(posts, 3, DEFAULT_INVENTORY, DEFAULT_LOGISTIC, [0.001, 0.01], 2);
    expect(predicted).toHaveLength(posts.length);
    expect(picked).toHaveLength(3);
    for (const l2 of picked) expect([0.001, 0.01]).toContain(l2);
  });
});
