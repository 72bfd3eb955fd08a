import type { PageDriver } from '../support/browser-session';
import { waitUntil } from '../support/wait';

export const CHIP_HOST = 'hashtag-context-chips';

export interface ChipInfo {
  /** `data-id` of the article the chip's host is in. */
  articleId: string | null;
  tag: string;
  category: string;
  label: string;
  expanded: string | null;
  placed: boolean;
  /** The touch target (the button) and the visible face, in viewport coordinates. */
  target: { x: number; y: number; width: number; height: number };
  face: { width: number; height: number };
  /** Whether the chip can be seen: placed, laid out, its post not hidden. */
  visible: boolean;
  /** The host's parent is the labelled element, and not inside a post's text. */
  hostInLabelledElement: boolean;
  hostInsideText: boolean;
}

/** Every chip in the page, read through the hosts' open shadow roots. */
export function chips(driver: PageDriver): Promise<ChipInfo[]> {
  // No named functions inside: tsx (the screenshot script) would wrap them in a helper the page lacks.
  return driver.evaluateWith((hostName) => {
    return [...document.querySelectorAll(hostName)].flatMap((host) =>
      [...host.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.hc-chip')].map((button) => ({
        articleId: host.closest('article')?.getAttribute('data-id') ?? null,
        tag: button.dataset.tag ?? '',
        category: button.dataset.category ?? '',
        label: button.getAttribute('aria-label') ?? '',
        expanded: button.getAttribute('aria-expanded'),
        placed: button.dataset.placed === 'true',
        target: (({ left, top, width, height }) => ({ x: left, y: top, width, height }))(button.getBoundingClientRect()),
        face: (({ width, height }) => ({ width, height }))(button.querySelector('.hc-chip__face')!.getBoundingClientRect()),
        visible: button.dataset.placed === 'true' && button.checkVisibility({ visibilityProperty: true } as CheckVisibilityOptions),
        hostInLabelledElement: host.parentElement?.hasAttribute('data-hc-category') ?? false,
        hostInsideText: host.closest('.status__content__text') !== null,
      })),
    );
  }, CHIP_HOST);
}

/** Chips placed within the viewport, clear of the column's sticky header, whose post is not hidden. */
export async function chipsOnScreen(driver: PageDriver): Promise<ChipInfo[]> {
  const height = await driver.evaluate(() => window.innerHeight);
  return (await chips(driver)).filter((chip) => chip.visible && chip.target.y > 90 && chip.target.y + chip.target.height < height - 10);
}

export function waitForChipsOnScreen(driver: PageDriver, count = 1, timeoutMs = 10_000): Promise<ChipInfo[]> {
  return waitUntil(
    () => chipsOnScreen(driver),
    (list) => list.length >= count,
    (list) => `only ${list.length} chips on screen`,
    timeoutMs,
  );
}

/** Scrolls the page until a chip (one that `wanted` accepts) is on screen (the demo timeline starts with long posts). */
export async function scrollToAChip(driver: PageDriver, wanted: (chip: ChipInfo) => boolean = () => true): Promise<ChipInfo> {
  return waitUntil(
    async () => {
      const list = (await chipsOnScreen(driver)).filter(wanted);
      if (list.length === 0) await driver.evaluate(() => window.scrollBy(0, window.innerHeight * 0.6));
      return list;
    },
    (list) => list.length > 0,
    () => 'no chip came on screen while scrolling',
    20_000,
  ).then((list) => list[0]!);
}

/** What is under a point of the viewport, looking into the chip hosts: 'chip:<tag>' or a tag name. */
export function hitAt(driver: PageDriver, point: { x: number; y: number }): Promise<string> {
  return driver.evaluateWith(({ x, y }) => {
    const outer = document.elementFromPoint(x, y);
    const inner = outer?.shadowRoot?.elementFromPoint(x, y) ?? outer;
    const chip = inner?.closest('button.hc-chip') as HTMLElement | null;
    return chip ? `chip:${chip.dataset.tag}` : (inner?.tagName.toLowerCase() ?? 'nothing');
  }, point);
}

/** Chip hosts per article (the extension keeps at most one in each). */
export function hostsPerArticle(driver: PageDriver): Promise<Record<string, number>> {
  return driver.evaluateWith((hostName) => {
    const counts: Record<string, number> = {};
    for (const host of document.querySelectorAll(hostName)) {
      const id = host.closest('article')?.getAttribute('data-id') ?? '?';
      counts[id] = (counts[id] ?? 0) + 1;
    }
    return counts;
  }, CHIP_HOST);
}

export const centre = (chip: ChipInfo) => ({ x: chip.target.x + chip.target.width / 2, y: chip.target.y + chip.target.height / 2 });

/** Sets values in the extension's storage from one of its pages (`area`: local or sync), as its own pages do. */
export function setExtensionStorage(extensionPage: PageDriver, area: 'local' | 'sync', items: object): Promise<void> {
  return extensionPage.evaluateWith(async ({ area, json }) => {
    const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as {
      storage: Record<string, { set(items: object): Promise<void> }>;
    };
    await api.storage[area]!.set(JSON.parse(json) as object);
  }, { area, json: JSON.stringify(items) });
}
