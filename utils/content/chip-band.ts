/**
 * Which labelled posts are near the visible area: within one viewport above or below it. Chips exist
 * only for those (a chip host is a positioned layer with buttons; some 2,000 of them in a long
 * timeline cost more main thread than everything else the content script does).
 *
 * One IntersectionObserver for the page. With the viewport as root it clips by every scrolling
 * ancestor too, so a post scrolled away inside a deck column is far as well. The band is a
 * `scrollMargin`: it widens every scrollport on the way, the viewport's (Chromium 156 and Firefox
 * 153 both apply it to the root scroller, and add a `rootMargin` on top) and each deck column's, so a
 * column's posts get their chips before they scroll into view too. A browser without `scrollMargin`
 * gets the band as `rootMargin`, on the viewport only: a column's chips then appear as its posts
 * scroll into view, a frame later.
 */

/** The band around the viewport, as an IntersectionObserver margin: one viewport height above and below. */
export const NEAR_MARGIN = '100% 0px';

type ObserverFactory = (callback: IntersectionObserverCallback, options: IntersectionObserverInit) => Pick<IntersectionObserver, 'observe' | 'unobserve' | 'disconnect'>;

export interface ViewportBandOptions {
  /** Elements that came into the band and elements that left it since the last call (each at most once). */
  onChange(entered: readonly Element[], left: readonly Element[]): void;
  /** For tests: how the observer is made, and whether the browser knows `scrollMargin`. */
  createObserver?: ObserverFactory;
  scrollMarginSupported?: boolean;
}

function supportsScrollMargin(): boolean {
  return typeof IntersectionObserver === 'function' && 'scrollMargin' in IntersectionObserver.prototype;
}

/** The observer's options: the band as scroll margin where the browser has it, else as root margin. */
export function bandInit(scrollMargin: boolean): IntersectionObserverInit {
  // `scrollMargin` is not in every DOM typing yet.
  return (scrollMargin ? { root: null, scrollMargin: NEAR_MARGIN, threshold: 0 } : { root: null, rootMargin: NEAR_MARGIN, threshold: 0 }) as IntersectionObserverInit;
}

export class ViewportBand {
  private readonly near = new WeakSet<Element>();
  private readonly observed = new WeakSet<Element>();
  private readonly observer: ReturnType<ObserverFactory>;

  constructor(private readonly options: ViewportBandOptions) {
    const create: ObserverFactory = options.createObserver ?? ((callback, init) => new IntersectionObserver(callback, init));
    this.observer = create((entries) => this.update(entries), bandInit(options.scrollMarginSupported ?? supportsScrollMargin()));
  }

  /** Starts following an element. Whether it is near is known from the observer's first report (the next frame). */
  observe(element: Element): void {
    if (this.observed.has(element)) return;
    this.observed.add(element);
    this.observer.observe(element);
  }

  /** Stops following an element (the page removed it): the observer holds nothing of it any more. */
  unobserve(element: Element): void {
    if (!this.observed.has(element)) return;
    this.observed.delete(element);
    this.near.delete(element);
    this.observer.unobserve(element);
  }

  isNear(element: Element): boolean {
    return this.near.has(element);
  }

  disconnect(): void {
    this.observer.disconnect();
  }

  private update(entries: readonly Pick<IntersectionObserverEntry, 'target' | 'isIntersecting'>[]): void {
    // An element may be reported more than once in a batch: its last report counts.
    const latest = new Map<Element, boolean>();
    for (const { target, isIntersecting } of entries) if (this.observed.has(target)) latest.set(target, isIntersecting);
    const entered: Element[] = [];
    const left: Element[] = [];
    for (const [element, isNear] of latest) {
      if (isNear === this.near.has(element)) continue;
      if (isNear) {
        this.near.add(element);
        entered.push(element);
      } else {
        this.near.delete(element);
        left.push(element);
      }
    }
    if (entered.length > 0 || left.length > 0) this.options.onChange(entered, left);
  }
}
