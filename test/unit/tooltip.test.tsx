// @vitest-environment happy-dom
import { render } from 'preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { Tooltip, describeForScreenReader } from '@/components/tooltip/Tooltip';
import type { Classification } from '@/utils/classifier/types';
import { useLocale } from './support/locale';

const noop = () => undefined;
let corrections: string[] = [];
const onCorrect = (category: string) => void corrections.push(category);
const legislation: Classification = {
  category: 'legislation',
  confidence: 0.874,
  abstained: false,
  reasons: [
    { kind: 'word', label: 'Chatkontrolle', weight: 3 },
    { kind: 'tag', label: 'EU', weight: 2 },
    { kind: 'domain', label: 'netzpolitik.org', weight: 1.5 },
    { kind: 'word', label: 'Rat', weight: 1 },
  ],
};

function show(result: Classification) {
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  render(
    <Tooltip id="t1" result={result} position={{ top: 10, left: 10, placement: 'below' }} onPointerEnter={noop} onPointerLeave={noop} onCorrect={onCorrect} />,
    root,
  );
  return root.querySelector('[role="tooltip"]')!;
}

describe('tooltip', () => {
  beforeEach(() => {
    useLocale('en');
    corrections = [];
  });

  it('names the context, how sure it is, and at most three reasons', () => {
    const tooltip = show(legislation);
    expect(tooltip.id).toBe('t1');
    expect(tooltip.textContent).toContain('Legislation');
    expect(tooltip.textContent).toContain('87 % sure');
    expect(tooltip.textContent).toContain('Because of Chatkontrolle, #EU, netzpolitik.org');
    expect(tooltip.querySelectorAll('q')).toHaveLength(3);
  });

  it('speaks German where the browser does', () => {
    useLocale('de');
    expect(show(legislation).textContent).toContain('Gesetzgebung');
    expect(describeForScreenReader(legislation)).toBe('Kontext: Gesetzgebung, 87 % sicher. Wegen Chatkontrolle, #EU, netzpolitik.org');
  });

  it('never claims certainty', () => {
    expect(show({ ...legislation, confidence: 0.9999 }).textContent).toContain('99 % sure');
  });

  it('says so when it abstained', () => {
    const tooltip = show({ category: 'other', confidence: 0.41, abstained: true, reasons: [] });
    expect(tooltip.textContent).toContain('Other / unclear');
    expect(tooltip.textContent).toContain('Too little to go on');
  });

  it('offers the other contexts when the reader says it is wrong, and reports the choice', async () => {
    const tooltip = show(legislation);
    const wrong = tooltip.querySelector<HTMLButtonElement>('.hc-tooltip__wrong')!;
    expect(wrong.textContent).toBe('Wrong? Choose the right context');
    wrong.click();
    await new Promise((resolve) => setTimeout(resolve, 0)); // Preact re-renders on the next tick
    const choices = [...tooltip.querySelectorAll<HTMLButtonElement>('[role="group"] button')];
    expect(choices.map((b) => b.textContent)).toEqual(['Network protocol', 'Civic recruiting', 'Other / unclear']);
    expect(document.activeElement).toBe(choices[0]);
    expect(wrong.getAttribute('aria-expanded')).toBe('true');
    choices[1]!.click();
    expect(corrections).toEqual(['civic_recruiting']);
    expect(document.activeElement).toBe(wrong);
  });

  it('shows a correction as the reader’s own choice, without a percentage', () => {
    const tooltip = show({ category: 'other', confidence: 1, reasons: [], abstained: false, corrected: true });
    expect(tooltip.textContent).toContain('your choice');
    expect(tooltip.textContent).not.toContain('%');
    expect(describeForScreenReader({ category: 'other', confidence: 1, reasons: [], abstained: false, corrected: true })).toBe(
      'Context: Other / unclear, as you chose.',
    );
  });

  it('renders hostile reason labels as text, never as markup', () => {
    const hostile = '<img src=x onerror="window.pwned=1">';
    const tooltip = show({ ...legislation, reasons: [{ kind: 'word', label: hostile, weight: 1 }] });
    expect(tooltip.querySelector('img')).toBeNull();
    expect(tooltip.textContent).toContain(hostile);
  });
});
