/**
 * `tsx scripts/dump-classifier-outputs.ts OUT.json`: every classifier output on every fixture post, for
 * checking that a refactoring (e.g. for speed) changes nothing. Compare two dumps with `cmp` or `diff`.
 *
 * Posts: the labelled corpus, the seed and hand-written sets, and the hostile timeline. For each post:
 * classifyPost under its tag, without tags (tags read from the text), at threshold 0, with the bench's
 * model and with a model that has user corrections; category probabilities; extracted features;
 * tokens; normal form; reader keyword contexts; htmlToText. Numbers are written exactly (JSON's
 * shortest round-trip form), so equal files mean bit-identical results.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  categoryProbabilities,
  classifyPost,
  compileKeywordContexts,
  compileWithLearnt,
  correctionWeights,
  DEFAULT_INVENTORY,
  extractFeatures,
  getModel,
  htmlToText,
  matchKeywordContexts,
  normalizeTagKey,
  normalizeText,
  tokenizePost,
  TRAINED_WEIGHTS,
} from '../utils/classifier';
import type { CategoryId, CompiledModel } from '../utils/classifier';
import { hostilePosts } from '../test/fixtures/hostile/hostile-timeline';

interface FixturePost {
  id: string;
  tag?: string;
  text: string;
  label?: string;
}

const out = process.argv[2];
if (!out) throw new Error('usage: tsx scripts/dump-classifier-outputs.ts OUT.json');

const readJsonl = (file: string): FixturePost[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as FixturePost);

const sets: Record<string, FixturePost[]> = {
  corpus: readJsonl('test/fixtures/corpus/posts.jsonl'),
  seed: readJsonl('test/fixtures/seed-posts.jsonl'),
  handwritten: readJsonl('test/fixtures/handwritten-posts.jsonl'),
  hostile: hostilePosts().map((p) => ({ id: p.id.slice(0, 40), tag: p.tag, text: p.text })),
};
sets.hostileHtml = sets.hostile!.map((p) => ({ ...p, text: htmlToText(p.text) }));

const defaultModel = getModel();
const benchModel = compileWithLearnt(DEFAULT_INVENTORY, [TRAINED_WEIGHTS, correctionWeights([])]);
const corrections = sets.corpus!.filter((_, i) => i % 7 === 0).map((p, i) => ({
  text: p.text,
  category: (['legislation', 'technology', 'organizing', 'other'] as CategoryId[])[i % 4]!,
  watchedTags: p.tag ? [p.tag] : [],
}));
const correctedModel = compileWithLearnt(DEFAULT_INVENTORY, [TRAINED_WEIGHTS, correctionWeights(corrections)]);
const keywords = compileKeywordContexts([
  { id: 'ctx-1', keywords: ['Plenum*', 'Sitzung', 'Klima Plenum', 'Gesetz*'] },
  { id: 'ctx-2', keywords: ['Matrix', 'xmpp', 'Verschlüsselung', 'end to end', 'Protokoll*'] },
]);

const modelFingerprint = (model: CompiledModel) => ({
  featureCount: model.featureCount,
  nodeCount: model.nodeCount,
  weightSum: Array.from(model.weights).reduce((a, b) => a + b, 0),
  keys: model.featureKey.join('|').length,
});

const dump = {
  models: { default: modelFingerprint(defaultModel), bench: modelFingerprint(benchModel), corrected: modelFingerprint(correctedModel) },
  sets: Object.fromEntries(
    Object.entries(sets).map(([name, posts]) => [
      name,
      posts.map((post) => {
        const tags = post.tag ? [post.tag] : [];
        return {
          id: post.id,
          default: classifyPost({ text: post.text, watchedTags: tags }),
          untagged: classifyPost({ text: post.text, watchedTags: [] }),
          hashTagged: classifyPost({ text: post.text, watchedTags: tags.map((t) => `#${t}`) }),
          threshold0: classifyPost({ text: post.text, watchedTags: tags }, { threshold: 0 }),
          bench: classifyPost({ text: post.text, watchedTags: tags.map(normalizeTagKey) }, { model: benchModel }),
          corrected: classifyPost({ text: post.text, watchedTags: tags }, { model: correctedModel }),
          probabilities: categoryProbabilities({ text: post.text, watchedTags: tags }),
          features: extractFeatures(post.text, defaultModel).map((f) => [f.key, f.label]),
          tokens: tokenizePost(post.text),
          normal: normalizeText(post.text),
          keywords: matchKeywordContexts(keywords, post.text),
          html: htmlToText(post.text),
        };
      }),
    ]),
  ),
};
writeFileSync(out, JSON.stringify(dump, null, 1) + '\n');
const counts = Object.entries(sets).map(([name, posts]) => `${name} ${posts.length}`).join(', ');
console.log(`wrote ${out}: ${counts}`);
