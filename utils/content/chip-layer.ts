import chipCss from '@/components/chips/chip.css?inline';
import { CHIP_GLYPHS } from '@/components/chips/glyphs';
import { displayedPercent } from '@/components/tooltip/Tooltip';
import type { HashtagLink } from '../clients';
import { isCategoryId, type ContextId, type PostLabel } from '../classifier/types';
import { CHIP_HOST } from '../dom-contract';
import { categoryName, t } from '../i18n';
import { contextColor, type ChipMode, type ContextDisplayByCategory } from '../store/settings';
import { isAmbiguousTag } from './chip-ambiguity';
import { ViewportBand, type ViewportBandOptions } from './chip-band';
import { inkOn, placeChip, separateChips, type Box } from './chip-placement';
import { pageColorScheme } from './page-theme';

const SVG_NS = 'http://www.w3.org/2000/svg';
/**
 * How many posts are shown between two sweeps for hosts and posts the page removed. Until a sweep, the band's
 * observer keeps following posts the page swapped out, and the browser checks every element it follows on each
 * frame: up to this many gone posts besides the ones the page renders. (Chromium traces at 2,000 posts put the
 * band's intersection checks at 10–90 ms with 200 here; the difference to 25 was within their run-to-run spread.)
 */
export const SWEEP_EVERY = 25;
/** Emptied hosts kept for reuse: as posts scroll through the band, hosts leave and come back at about the same rate. */
const SPARE_HOSTS = 24;
/**
 * How long a post must stay in the band before its host is made, whether it scrolled in or was labelled
 * there. A fling passes hundreds of posts through the band in a fraction of a second, and a timeline
 * that loads more posts as the reader flings appends them inside the band: none of them gets chips
 * nobody could see. At reading speed a post enters the band (one viewport ahead) well before it is on
 * screen; on a page just opened, chips follow their labels after this delay.
 */
const SETTLE_MS = 100;
/**
 * A 0 × 0 block in the flow (it takes no room), positioned so it is the chips' containing block: chips
 * then scroll and clip with whatever scrolls the post (a deck column), which an absolutely positioned
 * host would not when no ancestor inside the scroller is positioned. Above the post's text; Mastodon's
 * menus and hover cards live outside the post, far above.
 */
const HOST_STYLE = 'position:relative;display:block;width:0;height:0;margin:0;padding:0;border:0;overflow:visible;z-index:1';

/** What a labelled post shows chips for. */
export interface ChipPost {
  post: Element;
  /** The element carrying `data-hc-category`: the host goes in it, so the chips dim and hide with the post. */
  container: Element;
  links: readonly HashtagLink[];
  result: PostLabel;
}

export interface Chip {
  button: HTMLButtonElement;
  link: HTMLAnchorElement;
}

interface ChipRecord {
  button: HTMLButtonElement;
  link: HTMLAnchorElement;
  name: string;
  /** Which occurrence of `name` in the post, to find the link again after the client rebuilt it. */
  occurrence: number;
}

interface HostRecord {
  host: HTMLElement;
  layer: HTMLDivElement;
  post: ChipPost | null;
  chips: ChipRecord[];
}

export interface ChipLayerOptions {
  /** The post's hashtag links as the client renders them now (the layer asks after a same-text rebuild). */
  linksOf(post: Element): readonly HashtagLink[];
  /** For tests: how the band's IntersectionObserver is made, and how long a post must stay near (default {@link SETTLE_MS}). */
  createObserver?: ViewportBandOptions['createObserver'];
  settleMs?: number;
}

/**
 * Context chips beside watched hashtags. One shadow-root host per labelled post near the visible
 * area (within one viewport of it, {@link ViewportBand}), appended to the post's container outside
 * its text; the host is removed when the post moves farther away and made again when it comes back,
 * from the post's latest labelled view kept here. Chips are placed absolutely over the post, computed
 * from the links' boxes in one read batch per animation frame, and placed again when a post changes
 * size (one ResizeObserver for the page). No listener per chip or post: the tooltip controller finds
 * a chip from the event path of its document-level listeners ({@link ChipLayer.chipAt}).
 */
export class ChipLayer {
  private mode: ChipMode = 'always';
  private display: ContextDisplayByCategory = {};
  private readonly hosts = new WeakMap<Element, HostRecord>();
  /** The latest labelled post of each container, chips or not (the mode may hide them), to show again on a settings change. */
  private readonly posts = new Map<Element, ChipPost>();
  private readonly byPost = new WeakMap<Element, HostRecord>();
  private readonly byButton = new WeakMap<Element, { record: HostRecord; chip: ChipRecord }>();
  /** Hosts in the page, to re-render on a settings change and to let go of the ones the page removed. */
  private readonly live = new Set<HostRecord>();
  private readonly dirty = new Set<HostRecord>();
  /** Hosts whose post left the band while the reader was on one of its chips (focus, pinned tooltip): removed once not. */
  private readonly heldAway = new Set<HostRecord>();
  private readonly band: ViewportBand;
  /** Hosts taken out of the page, empty, with their shadow root and style sheet: the next posts' hosts. */
  private readonly spare: { host: HTMLElement; layer: HTMLDivElement }[] = [];
  /** Chip names by category, confidence and correction (each is a call into the browser's i18n). */
  private labels = new Map<string, { name: string; label: string }>();
  /** Chip buttons to clone, by context, label and colour ({@link ChipLayer.templateOf}). */
  private readonly templates = new Map<string, HTMLButtonElement>();
  /** Containers that came into the band (scrolled in, or labelled there) whose hosts wait until they have stayed {@link SETTLE_MS}. */
  private readonly arriving = new Map<Element, number>();
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private frame = 0;
  private shownSinceSweep = 0;
  private readonly resizes: ResizeObserver;

  constructor(private readonly options: ChipLayerOptions) {
    this.resizes = new ResizeObserver((entries) => {
      for (const { target } of entries) {
        const record = this.byPost.get(target);
        if (!record) continue;
        // The client destroyed the post (Mastodon's off-screen swap): its host goes too, and comes back
        // with the rebuilt post. So only posts the client renders have hosts: few, however long the timeline.
        if (!target.isConnected) {
          this.resizes.unobserve(target);
          this.byPost.delete(target);
          if (record.post?.post === target) this.remove(record);
        } else this.dirty.add(record);
      }
      this.requestPlacement();
    });
    this.band = new ViewportBand({
      onChange: (entered, left) => this.nearChanged(entered, left),
      createObserver: options.createObserver,
    });
  }

  /** Shows (or updates) the chips of a labelled post: now if it is near the visible area, else once it comes near. */
  show(post: ChipPost): void {
    if (++this.shownSinceSweep >= SWEEP_EVERY) this.sweep();
    this.posts.set(post.container, post);
    this.band.observe(post.container);
    this.apply(post);
  }

  /** Posts came near the visible area (hosts made from their latest view) or went away (hosts removed). */
  private nearChanged(entered: readonly Element[], left: readonly Element[]): void {
    const settleMs = this.options.settleMs ?? SETTLE_MS;
    for (const container of left) {
      this.arriving.delete(container);
      const record = this.hosts.get(container);
      if (!record) continue;
      if (this.isHeld(record)) this.heldAway.add(record);
      else this.remove(record);
    }
    for (const container of entered) {
      const post = this.posts.get(container);
      const record = this.hosts.get(container);
      if (record) this.heldAway.delete(record);
      // A host kept while away (focus on it) is current: rendering it again would take its focus.
      if (!post || (record && record.post === post && record.host.parentNode === container)) continue;
      if (settleMs <= 0) this.apply(post);
      else this.arriving.set(container, performance.now());
    }
    if (this.arriving.size > 0 && this.settleTimer === undefined) {
      this.settleTimer = setTimeout(() => this.settle(settleMs), settleMs);
    }
    this.releaseHeld();
  }

  /** Makes the hosts of the posts that have stayed in the band long enough; waits again for the others. */
  private settle(settleMs: number): void {
    this.settleTimer = undefined;
    const now = performance.now();
    let next = Infinity;
    for (const [container, since] of this.arriving) {
      const left = since + settleMs - now;
      if (left > 1) {
        next = Math.min(next, left);
        continue;
      }
      this.arriving.delete(container);
      const post = this.posts.get(container);
      if (post && this.band.isNear(container)) this.apply(post);
    }
    if (next !== Infinity) this.settleTimer = setTimeout(() => this.settle(settleMs), next);
  }

  /** Whether the reader is on one of the host's chips: it has the focus, or its tooltip is pinned open (`aria-expanded`). */
  private isHeld(record: HostRecord): boolean {
    return document.activeElement === record.host || record.chips.some((chip) => chip.button.getAttribute('aria-expanded') === 'true');
  }

  /** Removes the hosts kept away from the visible area for the reader, once the reader has left them. */
  private releaseHeld(): void {
    for (const record of this.heldAway) {
      const container = record.post?.container;
      if (!this.live.has(record) || !container || this.band.isNear(container)) this.heldAway.delete(record);
      else if (!this.isHeld(record)) this.remove(record);
    }
  }

  private apply(post: ChipPost): void {
    // A button may not sit inside a link or a button (Phanpy renders quoted posts inside a link): such
    // posts keep hover and focus on their hashtags, without chips.
    const nests = post.container.closest('a, button') !== null;
    const links = this.mode === 'never' || nests ? [] : post.links.filter((link) => this.mode === 'always' || isAmbiguousTag(link.name));
    let record = this.hosts.get(post.container);
    if (record && record.host.parentNode !== post.container) {
      this.forget(record);
      record = undefined;
    }
    const near = this.band.isNear(post.container) && !this.arriving.has(post.container);
    const held = !near && record !== undefined && this.isHeld(record);
    if (links.length === 0 || !post.post.isConnected || (!near && !held)) {
      if (record) this.remove(record);
      return;
    }
    if (held) this.heldAway.add(record!);
    record ??= this.createHost(post.container);
    if (record.post?.post !== post.post) {
      if (record.post) {
        this.resizes.unobserve(record.post.post);
        this.byPost.delete(record.post.post);
      }
      this.resizes.observe(post.post);
      this.byPost.set(post.post, record);
    }
    record.post = post;
    this.render(record, links);
  }

  setMode(mode: ChipMode): void {
    this.mode = mode;
    this.refreshAll();
  }

  setDisplay(display: ContextDisplayByCategory): void {
    this.display = display;
    this.labels.clear();
    this.templates.clear();
    this.refreshAll();
  }

  /** The chip an event happened on, from its composed path (the document sees only the host). */
  chipAt(path: readonly EventTarget[]): Chip | null {
    for (const target of path) {
      const found = this.byButton.get(target as Element);
      if (!found) continue;
      return { button: found.chip.button, link: this.currentLink(found.record, found.chip) ?? found.chip.link };
    }
    return null;
  }

  /** The focused chip, if focus is on one. */
  focusedChip(): Chip | null {
    const active = document.activeElement;
    if (!active || active.localName !== CHIP_HOST) return null;
    const inner = active.shadowRoot?.activeElement;
    return inner ? this.chipAt([inner]) : null;
  }

  /** Number of chip hosts the layer keeps (tests, and a check that none leak). */
  get hostCount(): number {
    return this.live.size;
  }

  destroy(): void {
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    clearTimeout(this.settleTimer);
    this.arriving.clear();
    this.resizes.disconnect();
    this.band.disconnect();
    for (const record of [...this.live]) this.remove(record);
    this.posts.clear();
    this.spare.length = 0;
  }

  /**
   * Lets go of hosts whose container the client removed from the page, and of posts the client
   * destroyed (the off-screen swap): holding them would keep their detached markup alive. A rebuilt
   * post is labelled, and so shown (and followed by the band), again.
   */
  private sweep(): void {
    this.shownSinceSweep = 0;
    for (const record of this.live) if (!record.host.isConnected) this.forget(record);
    for (const [container, post] of this.posts) {
      if (container.isConnected && post.post.isConnected) continue;
      this.posts.delete(container);
      this.band.unobserve(container);
    }
    this.releaseHeld();
  }

  private refreshAll(): void {
    this.sweep();
    for (const post of this.posts.values()) this.apply(post);
  }

  private createHost(container: Element): HostRecord {
    const { host, layer } = this.spare.pop() ?? newHost();
    container.append(host);
    const record: HostRecord = { host, layer, post: null, chips: [] };
    this.hosts.set(container, record);
    this.live.add(record);
    return record;
  }

  private render(record: HostRecord, links: readonly HashtagLink[]): void {
    const { result } = record.post!;
    const color = contextColor(this.display, result.category);
    const template = this.templateOf(result, color);
    const seen = new Map<string, number>();
    for (const chip of record.chips) this.byButton.delete(chip.button);
    record.chips = links.map((link) => {
      const occurrence = seen.get(link.name) ?? 0;
      seen.set(link.name, occurrence + 1);
      const button = template.cloneNode(true) as HTMLButtonElement;
      button.dataset.tag = link.name;
      const chip: ChipRecord = { button, link: link.element, name: link.name, occurrence };
      this.byButton.set(button, { record, chip });
      return chip;
    });
    record.layer.dataset.scheme = pageColorScheme(document);
    record.layer.replaceChildren(...record.chips.map((chip) => chip.button));
    this.dirty.add(record);
    this.requestPlacement();
  }

  /**
   * A chip button for a result in a colour, without its tag: made once per context, percentage and
   * colour, and cloned for every chip (one call into the page instead of a dozen per chip).
   */
  private templateOf(result: PostLabel, color: string): HTMLButtonElement {
    const { name, label } = this.labelOf(result);
    const key = `${result.category}|${label}|${color}`;
    let template = this.templates.get(key);
    if (!template) {
      template = document.createElement('button');
      template.type = 'button';
      template.className = 'hc-chip';
      template.dataset.category = result.category;
      template.dataset.placed = 'false';
      template.setAttribute('aria-label', label);
      template.setAttribute('aria-expanded', 'false');
      template.style.setProperty('--hc-chip-color', color);
      template.style.setProperty('--hc-chip-ink', inkOn(color));
      template.append(face(result.category, name));
      this.templates.set(key, template);
    }
    return template;
  }

  private labelOf(result: PostLabel): { name: string; label: string } {
    const { category, corrected } = result;
    const percent = displayedPercent(result.confidence);
    const key = `${category}|${corrected ? 'c' : percent}`;
    let found = this.labels.get(key);
    if (!found) {
      const name = this.display[category]?.name ?? (isCategoryId(category) ? categoryName(category) : t('contextRemoved'));
      found = { name, label: corrected ? t('chipLabelCorrected', name) : t('chipLabel', [name, String(percent)]) };
      this.labels.set(key, found);
    }
    return found;
  }

  private requestPlacement(): void {
    if (this.frame !== 0 || this.dirty.size === 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.place();
    });
  }

  /** One read batch (every box), then one write batch (every position): the page lays out once. */
  private place(): void {
    const records = [...this.dirty].filter((record) => record.post && record.host.isConnected);
    this.dirty.clear();
    const reads = records.map((record) => {
      const host = record.host.getBoundingClientRect();
      // The chips of one post share their ancestors: each ancestor's clip is read once.
      const clipOf = new Map<Element, Box | null>();
      return record.chips.map((chip) => {
        const link = this.currentLink(record, chip);
        if (!link) return null;
        const direction: 'ltr' | 'rtl' = getComputedStyle(link).direction === 'rtl' ? 'rtl' : 'ltr';
        const clips = clipsBetween(link, record.host.parentElement, clipOf);
        return { place: placeChip([...link.getClientRects()] as Box[], host, direction, clips), direction };
      });
    });
    records.forEach((record, index) => {
      const read = reads[index]!;
      const places = separateChips(
        read.map((entry) => entry?.place ?? null),
        read.find((entry) => entry)?.direction ?? 'ltr',
      );
      record.chips.forEach((chip, i) => {
        const place = places[i];
        chip.button.dataset.placed = String(place !== null && place !== undefined);
        if (place) chip.button.style.transform = `translate(${place.x}px, ${place.y}px)`;
      });
    });
  }

  /** The chip's link, found again by name and occurrence when the client rebuilt the post's markup. */
  private currentLink(record: HostRecord, chip: ChipRecord): HTMLAnchorElement | null {
    if (chip.link.isConnected) return chip.link;
    const post = record.post?.post;
    if (!post?.isConnected) return null;
    const links = this.options.linksOf(post).filter((link) => link.name === chip.name);
    const found = links[chip.occurrence]?.element;
    if (found) chip.link = found;
    return found ?? null;
  }

  private clear(record: HostRecord): void {
    for (const chip of record.chips) this.byButton.delete(chip.button);
    record.chips = [];
    record.layer.replaceChildren();
  }

  private remove(record: HostRecord): void {
    this.clear(record);
    record.host.remove();
    this.forget(record);
    if (this.spare.length < SPARE_HOSTS) this.spare.push({ host: record.host, layer: record.layer });
  }

  private forget(record: HostRecord): void {
    if (record.post) {
      this.resizes.unobserve(record.post.post);
      this.byPost.delete(record.post.post);
      if (this.hosts.get(record.post.container) === record) this.hosts.delete(record.post.container);
    }
    this.live.delete(record);
    this.dirty.delete(record);
    this.heldAway.delete(record);
  }
}

/** A chip host: a custom element with an open shadow root holding the chips' layer, not in the page yet. */
function newHost(): { host: HTMLElement; layer: HTMLDivElement } {
  const host = document.createElement(CHIP_HOST);
  host.setAttribute('style', HOST_STYLE);
  const root = host.attachShadow({ mode: 'open' });
  const layer = document.createElement('div');
  layer.className = 'hc-chips';
  if (!adoptSharedSheet(root)) {
    const style = document.createElement('style');
    style.textContent = chipCss;
    root.append(style);
  }
  root.append(layer);
  return { host, layer };
}

let sharedSheet: CSSStyleSheet | null | undefined;

/**
 * Gives a shadow root the chips' one shared style sheet (parsed once for the page, however many hosts).
 * False where the browser does not let a content script adopt sheets: the caller then adds a `<style>`.
 */
function adoptSharedSheet(root: ShadowRoot): boolean {
  try {
    if (sharedSheet === undefined) {
      sharedSheet = new CSSStyleSheet();
      sharedSheet.replaceSync(chipCss);
    }
    if (!sharedSheet) return false;
    root.adoptedStyleSheets = [sharedSheet];
    return root.adoptedStyleSheets.length === 1;
  } catch {
    sharedSheet = null;
    return false;
  }
}

/** The boxes that clip a link inside its post: the post's container, and every ancestor that hides overflow. */
function clipsBetween(link: Element, container: Element | null, clipOf: Map<Element, Box | null>): Box[] {
  const clips: Box[] = [];
  for (let element = link.parentElement; element && element !== container; element = element.parentElement) {
    let clip = clipOf.get(element);
    if (clip === undefined) {
      const style = getComputedStyle(element);
      clip = style.overflowX !== 'visible' || style.overflowY !== 'visible' ? element.getBoundingClientRect() : null;
      clipOf.set(element, clip);
    }
    if (clip) clips.push(clip);
  }
  if (container) {
    let clip = clipOf.get(container);
    if (!clip) clipOf.set(container, (clip = container.getBoundingClientRect()));
    clips.push(clip);
  }
  return clips;
}

function face(category: ContextId, name: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = 'hc-chip__face';
  span.setAttribute('aria-hidden', 'true');
  // A reader's context: the first letter of its name.
  const glyph = isCategoryId(category) ? CHIP_GLYPHS[category] : { text: initialOf(name) };
  if ('text' in glyph) span.textContent = glyph.text;
  else {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', glyph.path);
    svg.append(path);
    span.append(svg);
  }
  return span;
}

/** The first letter (or digit) of a name, in upper case; `•` when it has none. */
function initialOf(name: string): string {
  const letter = /[\p{L}\p{N}]/u.exec(name)?.[0];
  return letter ? letter.toLocaleUpperCase() : '•';
}
