import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INVENTORY, DEFAULT_TRAINING, TRAINED_WEIGHTS, classifyPost, compileWithLearnt, crossValidate, trainNaiveBayes } from '@/utils/classifier';
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

  it('is deterministic: the shipped weights are exactly what `npm run train` builds from the corpus', () => {
    const corpus = readFileSync('test/fixtures/corpus/posts.jsonl', 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { text: string; label: TrainingExample['label']; tag: string })
      .map((post) => ({ text: post.text, label: post.label, watchedTags: [post.tag] }));
    expect(trainNaiveBayes(corpus, DEFAULT_TRAINING)).toEqual(TRAINED_WEIGHTS);
  });

  it('moves a post the lexicon alone cannot place', () => {
    const post = { text: 'Neue Homeserver-Federation getestet, läuft stabil', watchedTags: ['protokoll'] };
    const model = compileWithLearnt(DEFAULT_INVENTORY, [trainNaiveBayes([...toy, ...toy])]);
    expect(classifyPost(post, { model }).category).toBe('network_protocol');
  });
});

describe('cross-validation', () => {
  it('classifies every post by a model that never saw its group', () => {
    const posts = toy.map((example, index) => ({ ...example, group: `g${index % 2}` }));
    const predictions = crossValidate(posts, 2, DEFAULT_INVENTORY);
    expect(predictions).toHaveLength(posts.length);
    for (const prediction of predictions) expect(['legislation', 'network_protocol', 'civic_recruiting', 'other']).toContain(prediction.category);
  });
});
