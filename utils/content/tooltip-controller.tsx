import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { Tooltip, describeForScreenReader } from '@/components/tooltip/Tooltip';
import tooltipCss from '@/components/tooltip/tooltip.css?inline';
import type { CategoryId, Classification } from '../classifier/types';
import { mastodonSelectors } from '../clients/selectors';
import { TOOLTIP_HOST } from '../dom-contract';
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
  resultFor(link: HTMLAnchorElement): Classification | null;
  /** Whether a link is a watched hashtag in a post, classified yet or not. */
  isWatchedLink(link: HTMLAnchorElement): boolean;
  /** Records the reader's correction for the link's post; resolves to the result to show then. */
  correct(link: HTMLAnchorElement, category: CategoryId): Promise<Classification | null>;
}

type Ui = ShadowRootContentScriptUi<void>;

/**
 * One tooltip for the whole page, shown while a watched hashtag link is hovered or focused
 * (WAI-ARIA tooltip pattern, WCAG 1.4.13: hoverable, persistent while hovered, Escape dismisses).
 * From the focused link, Tab moves into the tooltip to its "Wrong?" control; Tab past its last
 * control or Escape returns to the link. Listeners are delegated on the document: none per link.
 */
export function startTooltips(ctx: ContentScriptContext, source: TooltipSource) {
  const tooltipId = `hc-tooltip-${Math.random().toString(36).slice(2)}`;
  let ui: Promise<Ui> | null = null;
  let mounted: Ui | null = null;
  let active: { link: HTMLAnchorElement; result: Classification; generation: number } | null = null;
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

  // Plain timers: ctx.setTimeout would add an invalidation listener per call, growing with every hover.
  const schedule = (action: () => void, delay: number) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => ctx.isValid && action(), delay);
  };
  ctx.onInvalidated(() => window.clearTimeout(timer));

  async function show(link: HTMLAnchorElement, result = source.resultFor(link)) {
    if (!result || !link.isConnected || ctx.isInvalid) return;
    const created = await mount();
    if (active && active.link !== link) active.link.removeAttribute('aria-description');
    if (active?.link !== link) generation++;
    active = { link, result, generation };
    created.shadowHost.dataset.scheme = pageColorScheme(document);
    created.shadowHost.toggleAttribute('data-reduce-motion', pageReducesMotion(document));
    link.setAttribute('aria-description', describeForScreenReader(result));
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

  async function correct(link: HTMLAnchorElement, category: CategoryId) {
    const corrected = await source.correct(link, category);
    if (corrected && active?.link === link) await show(link, corrected);
  }

  function hide() {
    window.clearTimeout(timer);
    pointerInTooltip = false;
    active?.link.removeAttribute('aria-description');
    active = null;
    if (mounted) render(null, mounted.uiContainer);
  }

  /** Closes the tooltip for good (until the reader leaves the link) and puts focus back on the link. */
  function dismiss(returnFocus: boolean) {
    if (!active) return;
    const { link } = active;
    dismissedLink = link;
    hide();
    if (returnFocus) link.focus();
  }

  /** The pointer may reach a post the client has just rebuilt before its label is back: wait for it. */
  function showWhenLabelled(link: HTMLAnchorElement, attemptsLeft: number) {
    if (hoveredLink !== link) return;
    if (source.resultFor(link)) return void show(link);
    if (attemptsLeft > 0) schedule(() => showWhenLabelled(link, attemptsLeft - 1), SHOW_DELAY_MS);
  }

  ctx.addEventListener(document, 'pointerover', (event) => {
    const candidate = event.target instanceof Element ? event.target.closest('a') : null;
    hoveredLink = candidate && source.isWatchedLink(candidate) ? candidate : null;
    const link = hoveredLink;
    if (!link || link === dismissedLink) return;
    if (link === active?.link) return window.clearTimeout(timer);
    schedule(() => showWhenLabelled(link, 10), SHOW_DELAY_MS);
  });
  ctx.addEventListener(document, 'pointerout', (event) => {
    const link = linkFrom(event.target);
    if (!link || link.contains(event.relatedTarget as Node | null)) return;
    if (link === dismissedLink && document.activeElement !== link) dismissedLink = null;
    if (pointerInTooltip || inTooltip(event.relatedTarget)) return;
    if (document.activeElement === link && link === active?.link) return; // focus keeps it open
    schedule(hide, HIDE_DELAY_MS);
  });
  ctx.addEventListener(document, 'focusin', (event) => {
    const link = linkFrom(event.target);
    if (link && link !== dismissedLink) void show(link);
  });
  ctx.addEventListener(document, 'focusout', (event) => {
    const leaving = linkFrom(event.target);
    if (leaving && leaving === dismissedLink && !inTooltip(event.relatedTarget)) dismissedLink = null;
    if (!active) return;
    const fromActive = leaving === active.link || inTooltip(event.target);
    const toActive = event.relatedTarget === active.link || inTooltip(event.relatedTarget);
    if (fromActive && !toActive && !pointerInTooltip) hide();
  });
  ctx.addEventListener(document, 'keydown', (event) => {
    if (!active || !mounted) return;
    if (event.key === 'Escape') return dismiss(inTooltip(event.target));
    if (event.key !== 'Tab') return;
    const controls = [...mounted.uiContainer.querySelectorAll('button')];
    const focused = mounted.shadow.activeElement;
    if (event.target === active.link && !event.shiftKey && controls[0]) {
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
