/**
 * The bench timeline: the demo page (test/fixtures/timeline) scaled to N posts, made from the seed
 * posts repeated with distinct ids, served on loopback. The first `INITIAL_POSTS` are in the
 * server markup; the rest are streamed in by the page driver (`__demo.appendPosts`), 20 at a time,
 * as Mastodon's infinite scroll does.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderMastodonTimeline, type TimelinePost } from '../test/fixtures/timeline/render-timeline';
import { loadSeedPosts } from '../test/fixtures/timeline/seed-timeline';

export const INITIAL_POSTS = 40;
export const APPEND_BATCH = 20;

/**
 * `count` posts for run number `run`: seed posts repeated, ids unique per run (so no run sees
 * another run's cached results), newest first like a timeline.
 */
export function benchPosts(count: number, run: number): TimelinePost[] {
  const seeds = loadSeedPosts();
  const posts: TimelinePost[] = [];
  for (let i = 0; i < count; i++) {
    const seed = seeds[i % seeds.length]!;
    const serial = String(run).padStart(3, '0') + String(count - i).padStart(6, '0');
    const post: TimelinePost = { ...seed, id: `1140000${serial}` };
    if (seed.boostedBy) post.boostId = `1150000${serial}`;
    posts.push(post);
  }
  return posts;
}

export async function startBenchServer() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/blank') return res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>blank</title>');
    if (url.pathname.toLowerCase() !== '/tags/protokoll') return res.writeHead(404).end('Not found');
    const count = Number(url.searchParams.get('n') ?? '0');
    const run = Number(url.searchParams.get('run') ?? '0');
    const html = renderMastodonTimeline(benchPosts(count, run).slice(0, INITIAL_POSTS), { tagName: 'Protokoll' });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (count: number, run: number) => `${origin}/tags/Protokoll?n=${count}&run=${run}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
