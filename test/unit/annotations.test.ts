import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS, cohenKappa } from '../../utils/classifier';
import type { CategoryId } from '../../utils/classifier';
import { CORPUS_FILES, corpusFilePath, readAnnotations, readJsonLines } from '../fixtures/corpus/annotations';

describe('the corpus second annotation (annotations.jsonl)', () => {
  const annotations = readAnnotations();
  const posts = CORPUS_FILES.flatMap((file) => readJsonLines<{ id: string; label: CategoryId }>(corpusFilePath(file)));

  it('annotates every corpus post once, and its first label is the label in the corpus file', () => {
    const byId = new Map(annotations.map((a) => [a.id, a]));
    expect(byId.size).toBe(annotations.length);
    expect(annotations.length).toBe(posts.length);
    for (const post of posts) expect(byId.get(post.id)?.first, post.id).toBe(post.label);
  });

  it('has an adjudicated label exactly where the two annotations differ, and only known labels', () => {
    for (const a of annotations) {
      for (const label of [a.first, a.second, a.adjudicated ?? a.first]) expect(CATEGORY_IDS, a.id).toContain(label);
      expect(a.adjudicated !== undefined, a.id).toBe(a.first !== a.second);
    }
  });

  it('agrees well above chance, as the corpus README reports', () => {
    const kappa = cohenKappa(
      annotations.map((a) => a.first),
      annotations.map((a) => a.second),
    );
    expect(kappa).toBeCloseTo(0.908, 3);
  });
});
