/**
 * `npm run bench:classifier [-- --seconds 3] [--corpus] [--json]`: classifier throughput in Node on one
 * thread (issue 6 asks for ≥ 200,000 posts/s). Prints posts/s and µs/post for the seed timeline's toots
 * and, with `--corpus`, also for the labelled corpus's longer excerpts. `--json` prints the seed result
 * as one JSON object instead (how `npm run bench` runs it, in a process of its own).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { classifierThroughput, seedBenchPosts } from '../bench/classifier';
import { CLASSIFIER_VERSION } from '../utils/classifier';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '2' },
    corpus: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const seconds = Number(args.seconds);
const report = (name: string, r: ReturnType<typeof classifierThroughput>) =>
  console.log(
    `${name.padEnd(34)} ${String(r.postsPerSecond).padStart(9)} posts/s  ${r.usPerPost.toFixed(2).padStart(6)} µs/post  (${r.cpuPostsPerSecond} per CPU-second; ${r.posts} classifications of ${r.distinctPosts} distinct posts in ${r.seconds} s)`,
  );

const seed = seedBenchPosts();
if (args.json) {
  console.log(JSON.stringify(classifierThroughput(seed, { seconds })));
  process.exit(0);
}
console.log(`classifier ${CLASSIFIER_VERSION}, node ${process.version}, one thread`);
const meanChars = Math.round(seed.reduce((sum, p) => sum + p.text.length, 0) / seed.length);
report(`seed timeline toots (~${meanChars} chars)`, classifierThroughput(seed, { seconds }));
if (args.corpus) {
  const corpus = readFileSync('test/fixtures/corpus/posts.jsonl', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { text: string; tag: string })
    .map((post) => ({ text: post.text, watchedTags: [post.tag] }));
  const chars = Math.round(corpus.reduce((sum, p) => sum + p.text.length, 0) / corpus.length);
  report(`corpus excerpts (~${chars} chars)`, classifierThroughput(corpus, { seconds }));
}
