// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChipLayer, SWEEP_EVERY, type ChipPost } from '@/utils/content/chip-layer';
import { NEAR_MARGIN, ViewportBand } from '@/utils/content/chip-band';
import { CHIP_HOST } from '@/utils/dom-contract';
import { useLocale } from './support/locale';

/** An IntersectionObserver the test drives: `report(element, near)` is the browser's next callback. */
function fakeObserver() {
  const observed = new Set<Element>();
  let callback: IntersectionObserverCallback = () => undefined;
  let init: IntersectionObserverInit | undefined;
  const observer = {
    observe: vi.fn((element: Element) => void observed.add(element)),
    unobserve: vi.fn((element: Element) => void observed.delete(element)),
    disconnect: vi.fn(() => observed.clear()),
  };
  return {
    observed,
    observer,
    get init() {
      return init;
    },
    create: (cb: IntersectionObserverCallback, options: IntersectionObserverInit) => {
      callback = cb;
      init = options;
      return observer;
    },
    report(...entries: [Element, boolean][]) {
      callback(entries.map(([target, isIntersecting]) => ({ target, isIntersecting }) as IntersectionObserverEntry), observer as never);
    },
  };
}

describe('viewport band', () => {
  it('watches with one viewport of margin above and below: as scroll margin (viewport and inner scrollers), else as root margin', () => {
    expect(NEAR_MARGIN).toBe('100% 0px');
    const fake = fakeObserver();
    new ViewportBand({ onChange: () => undefined, createObserver: fake.create, scrollMarginSupported: true });
    // Not both: browsers apply the scroll margin to the viewport as well, and add the two.
    expect(fake.init).toEqual({ root: null, scrollMargin: NEAR_MARGIN, threshold: 0 });
    const old = fakeObserver();
    new ViewportBand({ onChange: () => undefined, createObserver: old.create, scrollMarginSupported: false });
    expect(old.init).toEqual({ root: null, rootMargin: NEAR_MARGIN, threshold: 0 });
  });

  it('reports each change once: entered, left; the last report of an element in a batch counts', () => {
    const fake = fakeObserver();
    const changes: [string[], string[]][] = [];
    const band = new ViewportBand({
      onChange: (entered, left) => changes.push([entered.map((e) => e.id), left.map((e) => e.id)]),
      createObserver: fake.create,
    });
    const [a, b] = [Object.assign(document.createElement('div'), { id: 'a' }), Object.assign(document.createElement('div'), { id: 'b' })];
    band.observe(a);
    band.observe(a);
    band.observe(b);
    expect(fake.observer.observe).toHaveBeenCalledTimes(2);
    expect(band.isNear(a)).toBe(false); // unknown until the first report

    fake.report([a, true], [b, false]);
    expect(changes).toEqual([[['a'], []]]);
    expect(band.isNear(a)).toBe(true);

    fake.report([a, true]); // no change: no call
    fake.report([a, false], [b, true], [b, false]);
    expect(changes).toEqual([[['a'], []], [[], ['a']]]);

    fake.report([b, true]);
    expect(changes).toEqual([[['a'], []], [[], ['a']], [['b'], []]]);
    band.unobserve(b);
    expect(band.isNear(b)).toBe(false);
    expect(fake.observed.has(b)).toBe(false);
    fake.report([b, false]); // a late report of an element no longer followed
    expect(changes.length).toBe(3);
  });
});

describe('chip hosts only near the visible area', () => {
  let fake: ReturnType<typeof fakeObserver>;
  let layer: ChipLayer;

  beforeEach(() => {
    useLocale('en');
    fake = fakeObserver();
    layer = new ChipLayer({ linksOf: () => [], createObserver: fake.create, settleMs: 0 });
    document.body.innerHTML = '';
  });
  afterEach(() => layer.destroy());

  /** A labelled post in an article, with one watched hashtag link. */
  function post(id: string): ChipPost {
    document.body.insertAdjacentHTML(
      'beforeend',
      `<article id="${id}"><div class="status"><p>Das <a href="/tags/Protokoll">#Protokoll</a></p></div></article>`,
    );
    const container = document.getElementById(id)!;
    return {
      post: container.querySelector('.status')!,
      container,
      links: [{ element: container.querySelector('a')!, name: 'protokoll' }],
      result: { category: 'legislation', confidence: 0.8, reasons: [], abstained: false },
    };
  }
  const hostIn = (p: ChipPost) => p.container.querySelector(CHIP_HOST);

  it('makes a host once the post comes near, removes it when the post goes away, makes it again when it comes back', () => {
    const p = post('p1');
    layer.show(p);
    expect(hostIn(p)).toBeNull(); // not known to be near yet
    expect(fake.observed.has(p.container)).toBe(true);

    fake.report([p.container, true]);
    expect(hostIn(p)).not.toBeNull();
    expect(hostIn(p)!.shadowRoot!.querySelectorAll('button.hc-chip').length).toBe(1);
    expect(layer.hostCount).toBe(1);

    fake.report([p.container, false]);
    expect(hostIn(p)).toBeNull(); // removed from the page, not hidden
    expect(layer.hostCount).toBe(0);

    fake.report([p.container, true]);
    expect(hostIn(p)!.shadowRoot!.querySelector('button.hc-chip')?.getAttribute('data-tag')).toBe('protokoll');
    expect(p.container.querySelectorAll(CHIP_HOST).length).toBe(1);
  });

  it('gives every chip its own tag, its post’s label and its context’s colour, also after the colours change', () => {
    const chipsIn = (p: ChipPost) => [...hostIn(p)!.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.hc-chip')];
    const [p, q, r, sure] = [post('t1'), post('t2'), post('t3'), post('t4')];
    sure.result = { ...sure.result, confidence: 0.9 };
    q.container.querySelector('p')!.insertAdjacentHTML('beforeend', ' <a href="/tags/Matrix">#Matrix</a>');
    const [protokoll, matrix] = q.container.querySelectorAll('a');
    q.links = [{ element: protokoll!, name: 'protokoll' }, { element: matrix!, name: 'matrix' }];
    q.result = { category: 'network_protocol', confidence: 0.55, reasons: [], abstained: false };
    for (const x of [p, q, r, sure]) layer.show(x);
    fake.report([p.container, true], [q.container, true], [r.container, true], [sure.container, true]);

    const [first] = chipsIn(p);
    expect(first!.dataset).toMatchObject({ category: 'legislation', tag: 'protokoll', placed: 'false' });
    expect(first!.getAttribute('aria-label')).toBe('Context: Legislation, 80 %');
    expect(first!.style.getPropertyValue('--hc-chip-color')).toBe('#e5a50a');
    expect(chipsIn(sure)[0]!.getAttribute('aria-label')).toBe('Context: Legislation, 90 %');
    expect(chipsIn(q).map((chip) => [chip.dataset.category, chip.dataset.tag, chip.getAttribute('aria-label')])).toEqual([
      ['network_protocol', 'protokoll', 'Context: Network protocol, 55 %'],
      ['network_protocol', 'matrix', 'Context: Network protocol, 55 %'],
    ]);
    // Posts with the same result get buttons of their own: a chip's state stays its own.
    const [same] = chipsIn(r);
    expect(same).not.toBe(first);
    first!.setAttribute('aria-expanded', 'true');
    expect(same!.getAttribute('aria-expanded')).toBe('false');

    layer.setDisplay({ legislation: { color: '#123456', name: 'Gesetze' } });
    expect(chipsIn(p)[0]!.style.getPropertyValue('--hc-chip-color')).toBe('#123456');
    expect(chipsIn(p)[0]!.getAttribute('aria-label')).toBe('Context: Gesetze, 80 %');
    expect(chipsIn(q)[0]!.style.getPropertyValue('--hc-chip-color')).toBe('#3584e4');
  });

  it('shows a post labelled while near at once', () => {
    const p = post('p2');
    layer.show({ ...p, links: [] });
    fake.report([p.container, true]);
    expect(hostIn(p)).toBeNull(); // no watched link yet
    layer.show(p);
    expect(hostIn(p)).not.toBeNull();
  });

  it('keeps a host whose chip has the focus or a pinned tooltip while away, and removes it once the reader leaves it', () => {
    const [p, q] = [post('p3'), post('q3')];
    layer.show(p);
    layer.show(q);
    fake.report([p.container, true], [q.container, true]);
    const chip = hostIn(p)!.shadowRoot!.querySelector<HTMLButtonElement>('button.hc-chip')!;
    chip.focus();
    expect(document.activeElement).toBe(hostIn(p));

    fake.report([p.container, false]);
    expect(hostIn(p)!.shadowRoot!.querySelector('button.hc-chip')).toBe(chip); // the same button: focus stays
    fake.report([p.container, true]);
    expect(hostIn(p)!.shadowRoot!.querySelector('button.hc-chip')).toBe(chip); // not rendered again on the way back

    fake.report([p.container, false]);
    chip.blur();
    chip.setAttribute('aria-expanded', 'true'); // the tooltip controller pinned its tooltip
    fake.report([q.container, false]); // any later report looks at the hosts kept away
    expect(hostIn(p)).not.toBeNull();
    chip.setAttribute('aria-expanded', 'false');
    fake.report([q.container, true]);
    expect(hostIn(p)).toBeNull();
    expect(hostIn(q)).not.toBeNull();
  });

  it('makes no host for a post that only passes through the band (a fling), and one for a post that stays there', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const settling = new ChipLayer({ linksOf: () => [], createObserver: fake.create });
      const [p, q] = [post('fling'), post('stays')];
      // Labelled inside the band, as a timeline appends posts while the reader flings: they settle too.
      const [appended, opened] = [post('appended'), post('opened')];
      for (const labelled of [p, q, appended, opened]) settling.show(labelled);
      fake.report([p.container, false], [q.container, false], [appended.container, true], [opened.container, true]);
      fake.report([p.container, true]);
      vi.advanceTimersByTime(50);
      fake.report([p.container, false], [q.container, true], [appended.container, false]);
      settling.show(q); // labelled again while it settles: still no host
      vi.advanceTimersByTime(49);
      expect(hostIn(opened)).toBeNull();
      vi.advanceTimersByTime(2);
      expect(hostIn(opened)).not.toBeNull(); // on screen from the start: chips 100 ms after the label
      expect(hostIn(appended)).toBeNull();
      vi.advanceTimersByTime(48);
      expect(hostIn(p)).toBeNull();
      expect(hostIn(q)).toBeNull();
      vi.advanceTimersByTime(2);
      expect(hostIn(p)).toBeNull();
      expect(hostIn(q)).not.toBeNull();
      expect(hostIn(appended)).toBeNull();
      settling.destroy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('lets go of posts the page removed: the observer no longer follows them', () => {
    const posts = Array.from({ length: 3 }, (_, i) => post(`r${i}`));
    for (const p of posts) layer.show(p);
    posts[0]!.container.remove();
    posts[1]!.post.remove(); // the off-screen swap: the post's markup is gone, its article stays
    const extra = post('extra');
    for (let shown = posts.length; shown < SWEEP_EVERY - 1; shown++) layer.show(extra);
    expect(fake.observed.has(posts[1]!.container)).toBe(true); // not swept yet
    layer.show(extra);
    expect(fake.observed.has(posts[0]!.container)).toBe(false);
    expect(fake.observed.has(posts[1]!.container)).toBe(false);
    expect(fake.observed.has(posts[2]!.container)).toBe(true);
  });
});
