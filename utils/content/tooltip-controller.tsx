import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { Tooltip, describeForScreenReader, type TooltipProps } from '@/components/tooltip/Tooltip';
import type { Classification } from '../classifier/types';
import { TOOLTIP_HOST } from '../dom-contract';
import { pageColorScheme } from './page-theme';

const SHOW_DELAY_MS = 150;
const HIDE_DELAY_MS = 250;
const GAP_PX = 6;

/**
 * One tooltip for the whole page, shown while a watched hashtag link is hovered or focused
 * (WAI-ARIA tooltip pattern, WCAG 1.4.13: hoverable, persistent while hovered, Escape dismisses).
 * Listeners are delegated on the document, so no per-link listener can leak.
 */
export function startTooltips(ctx: ContentScriptContext, resultFor: (link: HTMLAnchorElement) => Classification | null) {
  const tooltipId = `hc-tooltip-${Math.random().toString(36).slice(2)}`;
  let ui: Promise<ShadowRootContentScriptUi<void>> | null = null;
  let activeLink: HTMLAnchorElement | null = null;
  let activeResult: Classification | null = null;
  let redrawRequested = false;
  let dismissedLink: HTMLAnchorElement | null = null;
  let pointerInTooltip = false;
  let timer: number | undefined;

  const mount = () =>
    (ui ??= createShadowRootUi(ctx, {
      name: TOOLTIP_HOST,
      position: 'inline',
      anchor: 'body',
      append: 'last',
      onMount: () => undefined,
      onRemove: () => undefined,
    }).then((created) => {
      created.mount();
      ctx.onInvalidated(() => render(null, created.uiContainer));
      return created;
    }));

  const linkFrom = (target: EventTarget | null): HTMLAnchorElement | null => {
    const link = target instanceof Element ? target.closest('a') : null;
    return link && resultFor(link) ? link : null;
  };

  // Plain timers: ctx.setTimeout would add an invalidation listener per call, growing with every hover.
  const schedule = (action: () => void, delay: number) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => ctx.isValid && action(), delay);
  };
  ctx.onInvalidated(() => window.clearTimeout(timer));

  async function show(link: HTMLAnchorElement) {
    const result = resultFor(link);
    if (!result || !link.isConnected || ctx.isInvalid) return;
    const created = await mount();
    if (activeLink && activeLink !== link) activeLink.removeAttribute('aria-description');
    activeLink = link;
    activeResult = result;
    created.shadowHost.dataset.scheme = pageColorScheme(document);
    link.setAttribute('aria-description', describeForScreenReader(result));
    draw(created, link, result);
  }

  /** (Re)draws the tooltip beside `link`, e.g. after the page scrolled under it. */
  function draw(created: ShadowRootContentScriptUi<void>, link: HTMLAnchorElement, result: Classification) {
    const props: TooltipProps = {
      id: tooltipId,
      result,
      position: placeNear(link),
      onPointerEnter: () => {
        pointerInTooltip = true;
        window.clearTimeout(timer);
      },
      onPointerLeave: () => {
        pointerInTooltip = false;
        schedule(hide, HIDE_DELAY_MS);
      },
    };
    render(<Tooltip {...props} />, created.uiContainer);
  }

  function hide() {
    window.clearTimeout(timer);
    pointerInTooltip = false;
    activeLink?.removeAttribute('aria-description');
    activeLink = null;
    activeResult = null;
    void ui?.then((created) => render(null, created.uiContainer));
  }

  ctx.addEventListener(document, 'pointerover', (event) => {
    const link = linkFrom(event.target);
    if (!link || link === dismissedLink) return;
    if (link === activeLink) return window.clearTimeout(timer);
    schedule(() => void show(link), SHOW_DELAY_MS);
  });
  ctx.addEventListener(document, 'pointerout', (event) => {
    const link = linkFrom(event.target);
    if (!link) return;
    if (link === dismissedLink && !link.contains(event.relatedTarget as Node | null)) dismissedLink = null;
    if (link.contains(event.relatedTarget as Node | null) || pointerInTooltip) return;
    schedule(hide, HIDE_DELAY_MS);
  });
  ctx.addEventListener(document, 'focusin', (event) => {
    const link = linkFrom(event.target);
    if (link) void show(link);
  });
  ctx.addEventListener(document, 'focusout', (event) => {
    if (linkFrom(event.target) === activeLink) hide();
  });
  ctx.addEventListener(document, 'keydown', (event) => {
    if (event.key !== 'Escape' || !activeLink) return;
    dismissedLink = activeLink;
    hide();
  });
  // The tooltip is `position: fixed`: when anything scrolls, it follows its link (once per frame).
  ctx.addEventListener(
    window,
    'scroll',
    () => {
      if (!activeLink || redrawRequested) return;
      redrawRequested = true;
      requestAnimationFrame(() => {
        redrawRequested = false;
        if (!activeLink || !activeResult) return;
        if (!activeLink.isConnected) return hide();
        void ui?.then((created) => activeLink && activeResult && draw(created, activeLink, activeResult));
      });
    },
    { passive: true, capture: true },
  );
}

/** Above the link when there is room (Mastodon's hashtag menu opens below it), else below. */
function placeNear(link: HTMLAnchorElement): TooltipProps['position'] {
  const rect = link.getBoundingClientRect();
  const left = Math.max(8, Math.min(rect.left, window.innerWidth - 328));
  if (rect.top > 120) return { top: rect.top - GAP_PX, left, placement: 'above' };
  return { top: rect.bottom + GAP_PX, left, placement: 'below' };
}
