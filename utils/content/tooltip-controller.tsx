import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { Tooltip, describeForScreenReader } from '@/components/tooltip/Tooltip';
import tooltipCss from '@/components/tooltip/tooltip.css?inline';
import type { ContextId, PostLabel } from '../classifier/types';
import type { ContextDisplayByCategory } from '../store/settings';
import { mastodonSelectors } from '../clients/selectors';
import { CHIP_HOST, TOOLTIP_HOST } from '../dom-contract';
import { pageColorScheme, pageDirection, pageReducesMotion } from './page-theme';

const SHOW_DELAY_MS = 150;
const HIDE_DELAY_MS = 250;
const GAP_PX = 6;
/** Room above a link the tooltip needs to open there. */
const ROOM_PX = 160;
const TOOLTIP_WIDTH_PX = 320;
/** How far from its link a page menu may open and still count as the link's (Mastodon: 5 px). */
const MENU_GAP_PX = 24;

export interface TooltipSource {
  /** What to show for a link: null unless it is a watched hashtag of a classified post. */
  resultFor(link: HTMLAnchorElement): PostLabel | null;
  /** Whether a link is a watched hashtag in a post, classified yet or not. */
  isWatchedLink(link: HTMLAnchorElement): boolean;
  /** Records the reader's correction for the link's post; resolves to the result to show then. */
  correct(link: HTMLAnchorElement, category: ContextId): Promise<PostLabel | null>;
  /** Every context's name and colour as the reader set them (built-in ones without: their own name and colour). */
  display?(): ContextDisplayByCategory;
  /** The contexts a post can be corrected to, in order: the built-in ones, then the reader's. */
  contexts?(): ContextId[];
  /** The context chip an event happened on (from its composed path), and the hashtag link it stands beside. */
  chipAt?(path: readonly EventTarget[]): { button: HTMLButtonElement; link: HTMLAnchorElement } | null;
  /** The context chip that has the focus, if any. */
  focusedChip?(): { button: HTMLButtonElement; link: HTMLAnchorElement } | null;
}

type Ui = ShadowRootContentScriptUi<void>;

/**
 * One tooltip for the whole page, shown while a watched hashtag link or its context chip is hovered
 * or focused (WAI-ARIA tooltip pattern, WCAG 1.4.13: hoverable, persistent while hovered, Escape
 * dismisses). From the focused link or chip, Tab moves into the tooltip to its "Wrong?" control; Tab
 * past its last control or Escape returns to where it came from. A tap or click on a chip pins the
 * tooltip open (nothing relies on hover): a second tap on the chip, a tap elsewhere or Escape closes it.
 * Listeners are delegated on the document: none per link or chip.
 */
export function startTooltips(ctx: ContentScriptContext, source: TooltipSource) {
  const tooltipId = `hc-tooltip-${Math.random().toString(36).slice(2)}`;
  let ui: Promise<Ui> | null = null;
  let mounted: Ui | null = null;
  let active: {
    link: HTMLAnchorElement;
    result: PostLabel;
    generation: number;
    /** The chip it was opened from (focus goes back to it), and whether a tap or click pinned it open. */
    chip: HTMLButtonElement | null;
    pinned: boolean;
  } | null = null;
  let generation = 0;
  /** A link whose tooltip the reader dismissed: it stays closed until pointer and focus leave the link. */
  let dismissedLink: HTMLAnchorElement | null = null;
  let pointerInTooltip = false;
  /** The watched hashtag link under the pointer, labelled or not yet. */
  let hoveredLink: HTMLAnchorElement | null = null;
  let redrawRequested = false;
  let timer: number | undefined;

  const mount = () =>
    (ui ??= createShadowRootUi(ctx, {
      name: TOOLTIP_HOST,
      position: 'inline',
      anchor: 'body',
      append: 'last',
      // Bundled, not fetched: the same on built-in sites and those the reader enabled (`:root` as the shadow host, as WXT does).
      css: tooltipCss.replaceAll(':root', ':host'),
      onMount: () => undefined,
    }).then((created) => {
      created.mount();
      mounted = created;
      ctx.onInvalidated(() => render(null, created.uiContainer));
      return created;
    }));

  const linkFrom = (target: EventTarget | null): HTMLAnchorElement | null => {
    const link = target instanceof Element ? target.closest('a') : null;
    return link && source.resultFor(link) ? link : null;
  };
  const inTooltip = (target: EventTarget | null) => mounted !== null && target === mounted.shadowHost;
  const chipOf = (event: Event) => source.chipAt?.(event.composedPath()) ?? null;
  /** The link an event is about: the hashtag link itself, or the one beside the chip it happened on. */
  const subjectOf = (event: Event): { link: HTMLAnchorElement; chip: HTMLButtonElement | null } | null => {
    const chip = chipOf(event);
    if (chip) return { link: chip.link, chip: chip.button };
    const link = linkFrom(event.target);
    return link ? { link, chip: null } : null;
  };
  const hasFocus = (link: HTMLAnchorElement) =>
    document.activeElement === link || source.focusedChip?.()?.link === link;
  const setExpanded = (chip: HTMLButtonElement | null, expanded: boolean) => chip?.setAttribute('aria-expanded', String(expanded));

  // Plain timers: ctx.setTimeout would add an invalidation listener per call, growing with every hover.
  const schedule = (action: () => void, delay: number) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => ctx.isValid && action(), delay);
  };
  ctx.onInvalidated(() => window.clearTimeout(timer));

  async function show(
    link: HTMLAnchorElement,
    result = source.resultFor(link),
    from: { chip?: HTMLButtonElement | null; pinned?: boolean } = {},
  ) {
    if (!result || !link.isConnected || ctx.isInvalid) return;
    const created = await mount();
    if (active && active.link !== link) active.link.removeAttribute('aria-description');
    if (active?.link !== link) generation++;
    const sameLink = active?.link === link;
    const chip = from.chip !== undefined ? from.chip : sameLink ? active!.chip : null;
    const pinned = from.pinned ?? (sameLink && active!.pinned);
    if (active?.chip && active.chip !== chip) setExpanded(active.chip, false);
    active = { link, result, generation, chip, pinned };
    setExpanded(chip, pinned);
    created.shadowHost.dataset.scheme = pageColorScheme(document);
    created.shadowHost.toggleAttribute('data-reduce-motion', pageReducesMotion(document));
    link.setAttribute('aria-description', describeForScreenReader(result, source.display?.() ?? {}));
    draw();
  }

  /** (Re)draws the tooltip beside its link, e.g. after the page scrolled under it. */
  function draw() {
    if (!active || !mounted) return;
    const { link, result } = active;
    render(
      <Tooltip
        key={active.generation}
        id={tooltipId}
        result={result}
        display={source.display?.() ?? {}}
        contexts={source.contexts?.()}
        dir={pageDirection(document)}
        position={placeNear(link)}
        onPointerEnter={() => {
          pointerInTooltip = true;
          window.clearTimeout(timer);
        }}
        onPointerLeave={() => {
          pointerInTooltip = false;
          schedule(hide, HIDE_DELAY_MS);
        }}
        onCorrect={(category) => void correct(link, category)}
      />,
      mounted.uiContainer,
    );
  }

  async function correct(link: HTMLAnchorElement, category: ContextId) {
    const corrected = await source.correct(link, category);
    if (corrected && active?.link === link) await show(link, corrected);
  }

  function hide() {
    window.clearTimeout(timer);
    pointerInTooltip = false;
    active?.link.removeAttribute('aria-description');
    setExpanded(active?.chip ?? null, false);
    active = null;
    if (mounted) render(null, mounted.uiContainer);
  }

  /** Closes the tooltip for good (until the reader leaves the link) and puts focus back where it came from. */
  function dismiss(returnFocus: boolean) {
    if (!active) return;
    const { link, chip } = active;
    dismissedLink = link;
    hide();
    if (returnFocus) (chip?.isConnected ? chip : link).focus();
  }

  /** A tap or click on a chip: pins its tooltip open, or closes it when it is pinned already. */
  function toggleFromChip(chip: HTMLButtonElement, link: HTMLAnchorElement) {
    if (active?.chip === chip && active.pinned) return dismiss(false);
    dismissedLink = null;
    window.clearTimeout(timer);
    void show(link, undefined, { chip, pinned: true });
  }

  /** The pointer may reach a post the client has just rebuilt before its label is back: wait for it. */
  function showWhenLabelled(link: HTMLAnchorElement, attemptsLeft: number) {
    if (hoveredLink !== link) return;
    if (source.resultFor(link)) return void show(link);
    if (attemptsLeft > 0) schedule(() => showWhenLabelled(link, attemptsLeft - 1), SHOW_DELAY_MS);
  }

  ctx.addEventListener(document, 'pointerover', (event) => {
    const chip = chipOf(event);
    const candidate = chip?.link ?? (event.target instanceof Element ? event.target.closest('a') : null);
    hoveredLink = candidate && (chip || source.isWatchedLink(candidate)) ? candidate : null;
    const link = hoveredLink;
    if (!link || link === dismissedLink || active?.pinned) return;
    if (link === active?.link) return window.clearTimeout(timer);
    schedule(() => showWhenLabelled(link, 10), SHOW_DELAY_MS);
  });
  ctx.addEventListener(document, 'pointerout', (event) => {
    const subject = subjectOf(event);
    if (!subject) return;
    const { link, chip } = subject;
    if (!chip && link.contains(event.relatedTarget as Node | null)) return;
    if (link === dismissedLink && !hasFocus(link)) dismissedLink = null;
    if (active?.pinned || pointerInTooltip || inTooltip(event.relatedTarget)) return;
    if (hasFocus(link) && link === active?.link) return; // focus keeps it open
    schedule(hide, HIDE_DELAY_MS);
  });
  ctx.addEventListener(document, 'focusin', (event) => {
    const subject = subjectOf(event);
    if (!subject || subject.link === dismissedLink) return;
    if (active?.pinned && active.link === subject.link) return;
    void show(subject.link, undefined, { chip: subject.chip, pinned: false });
  });
  ctx.addEventListener(document, 'focusout', (event) => {
    const leaving = subjectOf(event);
    if (leaving && leaving.link === dismissedLink && !inTooltip(event.relatedTarget)) dismissedLink = null;
    if (!active) return;
    // A pinned tooltip stays when focus goes nowhere (a tap on the page's text); a tap elsewhere closes it.
    if (active.pinned && event.relatedTarget === null) return;
    const fromActive = leaving?.link === active.link || inTooltip(event.target);
    const toActive =
      event.relatedTarget === active.link ||
      inTooltip(event.relatedTarget) ||
      // Focus moving into a chip (seen from here as its host) gets its own focusin.
      (event.relatedTarget as Element | null)?.localName === CHIP_HOST;
    if (fromActive && !toActive && !pointerInTooltip) hide();
  });
  // A tap or click on a chip toggles its pinned tooltip. Captured and stopped here: the chip is the
  // extension's, and a click on it must not reach the page (Mastodon opens a post on a click in it).
  ctx.addEventListener(
    document,
    'click',
    (event) => {
      const chip = chipOf(event);
      if (!chip) return;
      event.preventDefault();
      event.stopPropagation();
      toggleFromChip(chip.button, chip.link);
    },
    { capture: true },
  );
  // A tap or click anywhere but the pinned tooltip and its chip closes it.
  ctx.addEventListener(
    document,
    'pointerdown',
    (event) => {
      if (!active?.pinned) return;
      const path = event.composedPath();
      if (mounted && path.includes(mounted.shadowHost)) return;
      if (chipOf(event)?.button === active.chip) return;
      hide();
    },
    { capture: true },
  );
  ctx.addEventListener(document, 'keydown', (event) => {
    if (!active || !mounted) return;
    if (event.key === 'Escape') return dismiss(inTooltip(event.target));
    if (event.key !== 'Tab') return;
    const controls = [...mounted.uiContainer.querySelectorAll('button')];
    const focused = mounted.shadow.activeElement;
    const fromOrigin = event.target === active.link || (active.chip !== null && chipOf(event)?.button === active.chip);
    if (fromOrigin && !event.shiftKey && controls[0]) {
      event.preventDefault();
      controls[0].focus();
    } else if (inTooltip(event.target)) {
      const leavingForward = !event.shiftKey && focused === controls.at(-1);
      const leavingBack = event.shiftKey && focused === controls[0];
      if (leavingForward || leavingBack) {
        event.preventDefault();
        dismiss(true);
      }
    }
  });
  /** Redraws the shown tooltip in the next frame (once per frame). */
  const redrawSoon = () => {
    if (!active || redrawRequested) return;
    redrawRequested = true;
    requestAnimationFrame(() => {
      redrawRequested = false;
      if (active && !active.link.isConnected) hide();
      else draw();
    });
  };
  // The tooltip is `position: fixed`: when anything scrolls, it follows its link.
  ctx.addEventListener(window, 'scroll', redrawSoon, { passive: true, capture: true });
  // A click on the link opens Mastodon's hashtag menu (4.4+) in a box appended to <body>: make room for it.
  const pageMenus = new MutationObserver(redrawSoon);
  pageMenus.observe(document.body, { childList: true });
  ctx.onInvalidated(() => pageMenus.disconnect());
}

type Placement = { top: number; left: number; placement: 'above' | 'below' };

/**
 * Above the link when there is room, else below; never over a menu the page opened at the link
 * (Mastodon's hashtag menu opens below it, or above when there is no room below): then on the
 * link's other side if there is room, else past the menu.
 */
function placeNear(link: HTMLAnchorElement): Placement {
  const rect = link.getBoundingClientRect();
  const left = Math.max(8, Math.min(rect.left, window.innerWidth - TOOLTIP_WIDTH_PX - 8));
  const above = (top: number): Placement => ({ top: top - GAP_PX, left, placement: 'above' });
  const below = (top: number): Placement => ({ top: top + GAP_PX, left, placement: 'below' });
  const menu = pageMenuAt(rect, left);
  if (menu && menu.top >= rect.top) return rect.top > ROOM_PX ? above(rect.top) : below(menu.bottom);
  if (menu) return window.innerHeight - rect.bottom > ROOM_PX ? below(rect.bottom) : above(menu.top);
  return rect.top > ROOM_PX ? above(rect.top) : below(rect.bottom);
}

/** The rectangle of a menu the page opened just above or below the link, in the tooltip's columns, if any. */
function pageMenuAt(link: DOMRect, left: number): DOMRect | null {
  for (const menu of document.querySelectorAll(mastodonSelectors.dropdownMenu)) {
    const r = menu.getBoundingClientRect();
    const besideLink = r.top <= link.bottom + MENU_GAP_PX && r.bottom >= link.top - MENU_GAP_PX;
    if (r.width > 0 && r.height > 0 && besideLink && r.left < left + TOOLTIP_WIDTH_PX && r.right > left) return r;
  }
  return null;
}
