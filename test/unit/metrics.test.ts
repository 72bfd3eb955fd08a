import { describe, it, expect } from 'vitest';
import {
  cohenKappa,
  confusionMatrix,
  evaluate,
  f1Score,
  formatConfusion,
  htmlToText,
  keywordBaseline,
  majorityClass,
  summaryLine,
} from '../../utils/classifier';
import type { CategoryId } from '../../utils/classifier';

const L: CategoryId = 'legislation';
const N: CategoryId = 'network_protocol';
const C: CategoryId = 'civic_recruiting';
const O: CategoryId = 'other';

describe('metrics', () => {
  it('builds the confusion matrix with gold labels as rows', () => {
    const m = confusionMatrix([L, L, N, C], [L, N, N, O]);
    expect(m.legislation).toEqual({ legislation: 1, network_protocol: 1, civic_recruiting: 0, other: 0 });
    expect(m.network_protocol.network_protocol).toBe(1);
    expect(m.civic_recruiting.other).toBe(1);
    expect(m.other).toEqual({ legislation: 0, network_protocol: 0, civic_recruiting: 0, other: 0 });
  });

  it('rejects inputs of different length', () => {
    expect(() => confusionMatrix([L], [])).toThrow();
  });

  it("computes Cohen's kappa: 1 for full agreement, 0 at chance, negative below", () => {
    expect(cohenKappa([L, N, C, O], [L, N, C, O])).toBe(1);
    // Each annotator says L half the time, independently of the other: agreement 0.5 is all chance.
    expect(cohenKappa([L, L, N, N], [L, N, L, N])).toBeCloseTo(0);
    expect(cohenKappa([L, N], [N, L])).toBeCloseTo(-1);
    // 8 of 10 agree; chance agreement 0.6·0.6 + 0.4·0.4 = 0.52; κ = (0.8 − 0.52) / 0.48
    expect(cohenKappa([L, L, L, L, L, L, N, N, N, N], [L, L, L, L, L, N, N, N, N, L])).toBeCloseTo(0.28 / 0.48);
    expect(cohenKappa([O, O], [O, O])).toBe(1);
  });

  it('computes precision, recall, F1, accuracy and macro-F1', () => {
    // gold:      L L L N N C
    // predicted: L L N N O C
    const r = evaluate([L, L, L, N, N, C], [L, L, N, N, O, C], [false, false, false, false, true, false]);
    expect(r.n).toBe(6);
    expect(r.accuracy).toBeCloseTo(4 / 6);
    expect(r.perCategory.legislation).toMatchObject({ precision: 1, recall: 2 / 3, support: 3, predicted: 2 });
    expect(r.perCategory.legislation.f1).toBeCloseTo(0.8);
    expect(r.perCategory.network_protocol).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(r.perCategory.civic_recruiting).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    // other was predicted once, never gold: precision 0, recall 0, F1 0 — it still counts in macro-F1
    expect(r.perCategory.other).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 0, predicted: 1 });
    expect(r.macroF1).toBeCloseTo((0.8 + 0.5 + 1 + 0) / 4);
    expect(r.abstentionRate).toBeCloseTo(1 / 6);
  });

  it('leaves categories absent from gold and predictions out of macro-F1', () => {
    const r = evaluate([L, N], [L, N]);
    expect(r.macroF1).toBe(1);
    expect(r.accuracy).toBe(1);
    expect(r.abstentionRate).toBeUndefined();
  });

  it('handles the empty set', () => {
    const r = evaluate([], []);
    expect(r).toMatchObject({ n: 0, accuracy: 0, macroF1: 0 });
  });

  it('computes F1 from precision and recall', () => {
    expect(f1Score(0, 0)).toBe(0);
    expect(f1Score(1, 1)).toBe(1);
    expect(f1Score(0.5, 1)).toBeCloseTo(2 / 3);
  });

  it('finds the majority class', () => {
    expect(majorityClass([N, L, N, O])).toBe(N);
    expect(majorityClass([C, L])).toBe(L); // ties: first in category order
  });

  it('formats the summary line with three decimals', () => {
    expect(summaryLine({ macroF1: 0.9123, accuracy: 1, n: 88 })).toBe('macro-F1 0.912 accuracy 1.000 n 88');
    expect(summaryLine(evaluate([L, N], [L, L]))).toMatch(/^macro-F1 \d\.\d{3} accuracy 0\.500 n 2$/);
  });

  it('formats the confusion matrix as a table', () => {
    const table = formatConfusion(confusionMatrix([L, N], [L, O]));
    expect(table.split('\n')).toHaveLength(5);
    expect(table).toMatch(/^network_protocol\s+0\s+0\s+0\s+1$/m);
  });
});

describe('keyword baseline', () => {
  it('takes the first matching rule, whole words only', () => {
    expect(keywordBaseline('Der Bundestag beschließt ein Gesetz zum Server')).toBe('legislation');
    expect(keywordBaseline('Mein Server spricht XMPP')).toBe('network_protocol');
    expect(keywordBaseline('Komm vorbei und mach mit! #Mitmachen')).toBe('civic_recruiting');
    expect(keywordBaseline('Heute ist es neu und heute schön')).toBe('other'); // "eu" inside words does not count
  });
});

describe('htmlToText', () => {
  it('turns Mastodon status HTML into visible text', () => {
    const html =
      '<p>Hallo &amp; willkommen<br>zweite Zeile</p><p><a href="https://x/tags/Protokoll" class="mention hashtag">#<span>Protokoll</span></a> ' +
      '<span class="h-card"><a href="https://x/@heiseonline">@<span>heiseonline</span></a></span> &#x1F600; &lt;tag&gt;</p>';
    expect(htmlToText(html)).toBe('Hallo & willkommen\nzweite Zeile\n#Protokoll @heiseonline 😀 <tag>');
  });

  it('drops scripts and comments and survives bad references', () => {
    expect(htmlToText('<script>alert(1)</script>a<!-- x -->b &#x110000; &#0; &bogus;')).toBe('a b \ufffd \ufffd &bogus;');
  });
});
