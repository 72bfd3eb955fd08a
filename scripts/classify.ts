/**
 * Classify posts from a JSON-lines file: `npm run classify -- FILE.jsonl` (or `-` / no file for stdin).
 * Input lines: `{"id": …, "tag": "Protokoll", "text": "…"}` (or `"html"` instead of `"text"`).
 * Output, one line per post on stdout: `{"id", "category", "confidence", "reasons"}`.
 * Bad lines are reported on stderr with their line number; the exit code is 1 if there were any.
 */
import { readFileSync } from 'node:fs';
import { classifyPost, htmlToText } from '../utils/classifier/index';

function readInput(path: string | undefined): string {
  return readFileSync(path === undefined || path === '-' ? 0 : path, 'utf8');
}

function main(argv: string[]): number {
  const args = argv.filter((a) => a !== '--');
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('usage: npm run classify -- FILE.jsonl   (reads stdin without FILE or with -)\n');
    return 0;
  }
  let input: string;
  try {
    input = readInput(args[0]);
  } catch (error) {
    process.stderr.write(`cannot read ${args[0] ?? 'stdin'}: ${(error as Error).message}\n`);
    return 2;
  }
  let bad = 0;
  const out: string[] = [];
  const lines = input.split(/\r?\n/);
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      bad++;
      process.stderr.write(`line ${lineNo}: invalid JSON (${(error as Error).message})\n`);
      return;
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      bad++;
      process.stderr.write(`line ${lineNo}: expected a JSON object\n`);
      return;
    }
    const r = record as Record<string, unknown>;
    if (typeof r.id !== 'string' && typeof r.id !== 'number') {
      bad++;
      process.stderr.write(`line ${lineNo}: missing "id" (string or number)\n`);
      return;
    }
    let text: string;
    if (typeof r.text === 'string') text = r.text;
    else if (typeof r.html === 'string') text = htmlToText(r.html);
    else {
      bad++;
      process.stderr.write(`line ${lineNo}: missing "text" or "html" (string)\n`);
      return;
    }
    if (r.tag !== undefined && typeof r.tag !== 'string') {
      bad++;
      process.stderr.write(`line ${lineNo}: "tag" must be a string\n`);
      return;
    }
    const result = classifyPost({ text, watchedTags: typeof r.tag === 'string' ? [r.tag] : [] });
    out.push(
      JSON.stringify({
        id: r.id,
        category: result.category,
        confidence: Math.round(result.confidence * 1000) / 1000,
        reasons: result.reasons,
      }),
    );
    if (out.length >= 1000) {
      process.stdout.write(out.join('\n') + '\n');
      out.length = 0;
    }
  });
  if (out.length > 0) process.stdout.write(out.join('\n') + '\n');
  if (bad > 0) process.stderr.write(`${bad} bad line${bad === 1 ? '' : 's'}\n`);
  return bad > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
