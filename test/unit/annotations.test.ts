import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS, cohenKappa } from '../../utils/classifier';
import type { CategoryId } from '../../utils/classifier';

const CORPUS = 'test/fixtures/corpus';
const FILES = ['posts', 'batch-3', 'batch-4', 'batch-5', 'batch-6', 'batch-7'];

interface Annotation {
  id: string;
  first: CategoryId;
  second: CategoryId;
  adjudicated?: CategoryId;
}

const readLines = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);

describe('the corpus second annotation (annotations.jsonl)', () => {
  const annotations = readLines<Annotation>(`${CORPUS}/annotations.jsonl`);
  const posts = FILES.flatMap((file) => readLines<{ id: string; label: CategoryId }>(`${CORPUS}/${file}.jsonl`));

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
