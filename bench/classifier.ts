/**
 * Classifier throughput in Node on one thread, shared by `npm run bench` and `npm run bench:classifier`.
 * The model is the one the extension's background compiles (lexicon + trained weights + an empty
 * corrections table). Posts are the seed timeline's real toots, cycled into passes of at least
 * `minPosts` classifications; the clock runs for at least `seconds` after a JIT warm-up.
 */
import { compileWithLearnt, classifyPost, correctionWeights, DEFAULT_INVENTORY, TRAINED_WEIGHTS } from '../utils/classifier';
import type { PostInput } from '../utils/classifier';
import { normalizeTagName } from '../utils/clients';
import { loadSeedPosts } from '../test/fixtures/timeline/seed-timeline';
import { round } from './stats';

export interface ClassifierThroughput {
  posts: number;
  distinctPosts: number;
  seconds: number;
  postsPerSecond: number;
  usPerPost: number;
  /** Per second of this process's CPU time: less sensitive to other processes on a shared machine. */
  cpuPostsPerSecond: number;
}

export function seedBenchPosts(): PostInput[] {
  return loadSeedPosts().map((post) => ({ text: post.text, watchedTags: [normalizeTagName(post.tag ?? 'protokoll')] }));
}

export function classifierThroughput(
  posts: readonly PostInput[] = seedBenchPosts(),
  { minPosts = 10_000, seconds = 1.5 }: { minPosts?: number; seconds?: number } = {},
): ClassifierThroughput {
  const model = compileWithLearnt(DEFAULT_INVENTORY, [TRAINED_WEIGHTS, correctionWeights([])]);
  const pass: PostInput[] = [];
  while (pass.length < minPosts) pass.push(...posts);
  let sink = 0;
  for (let i = 0; i < 3; i++) for (const post of pass) sink += classifyPost(post, { model }).confidence; // warm up the JIT
  let classified = 0;
  const budgetNs = BigInt(Math.round(seconds * 1e9));
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  let elapsedNs = 0n;
  while (elapsedNs < budgetNs) {
    for (const post of pass) sink += classifyPost(post, { model }).confidence;
    classified += pass.length;
    elapsedNs = process.hrtime.bigint() - start;
  }
  const cpu = process.cpuUsage(cpuStart);
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the results alive');
  const s = Number(elapsedNs) / 1e9;
  return {
    posts: classified,
    distinctPosts: posts.length,
    seconds: round(s),
    postsPerSecond: Math.round(classified / s),
    usPerPost: round((s * 1e6) / classified),
    cpuPostsPerSecond: Math.round(classified / ((cpu.user + cpu.system) / 1e6)),
  };
}
