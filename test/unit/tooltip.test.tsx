// @vitest-environment happy-dom
import { render, type ComponentProps } from 'preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { Tooltip, describeForScreenReader } from '@/components/tooltip/Tooltip';
import type { Classification, PostLabel } from '@/utils/classifier/types';
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

const READER_CONTEXTS = ['legislation', 'network_protocol', 'civic_recruiting', 'other', 'ctx-plenum01'] as const;

/** Renders the tooltip for `result` (with the reader's names, colours and contexts, if given) into a fresh root. */
function mount(result: Classification | PostLabel, reader: Pick<ComponentProps<typeof Tooltip>, 'display' | 'contexts'> = {}) {
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  render(
    <Tooltip
      id="t1"
      result={result}
      {...reader}
      position={{ top: 10, left: 10, placement: 'below' }}
      onPointerEnter={noop}
      onPointerLeave={noop}
      onCorrect={onCorrect}
    />,
    root,
  );
  return root;
}

function show(result: Classification) {
  return mount(result).querySelector('[role="tooltip"]')!;
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

  it('uses the reader’s names and colours, lists the reader’s contexts as choices, and names the matched keywords', () => {
    const display = { legislation: { name: 'EU-Recht', color: '#aa0000' }, 'ctx-plenum01': { name: 'Plenum', color: '#9141ac' } } as const;
    const result: PostLabel = { category: 'ctx-plenum01', confidence: 0.875, abstained: false, reasons: [{ kind: 'word', label: 'Plenum*', weight: 1 }, { kind: 'word', label: 'Klima Plenum', weight: 1 }] };
    const root = mount(result, { display, contexts: READER_CONTEXTS });
    const tooltip = root.querySelector<HTMLElement>('[role="tooltip"]')!;
    expect(tooltip.textContent).toContain('Plenum88 % sure');
    expect(tooltip.textContent).toContain('Because of Plenum*, Klima Plenum');
    expect(tooltip.style.getPropertyValue('--hc-category-color')).toBe('#9141ac');
    expect(describeForScreenReader(result, display)).toBe('Context: Plenum, 88 % sure. Because of Plenum*, Klima Plenum');
  });

  it('offers the reader’s contexts when correcting, under their names', async () => {
    const display = { legislation: { name: 'EU-Recht' }, 'ctx-plenum01': { name: 'Plenum', color: '#9141ac' } } as const;
    const root = mount(legislation, { display, contexts: READER_CONTEXTS });
    expect(root.textContent).toContain('EU-Recht');
    (root.querySelector('.hc-tooltip__wrong') as HTMLButtonElement).click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const choices = [...root.querySelectorAll<HTMLButtonElement>('.hc-tooltip__choice')];
    expect(choices.map((choice) => choice.textContent)).toEqual(['Network protocol', 'Civic recruiting', 'Other / unclear', 'Plenum']);
    choices.at(-1)!.click();
    expect(corrections).toEqual(['ctx-plenum01']);
  });
});
