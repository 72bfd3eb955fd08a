/**
 * Where a context chip goes beside its hashtag link: pure maths over rectangles, so it is unit-tested
 * and the content script reads the layout once per frame and writes once.
 *
 * The chip sits like a badge on the link's end corner (top right in left-to-right text, top left in
 * right-to-left), half above the line: it covers the inter-line gap, not the words, and takes no room
 * in the text, so nothing reflows when it appears.
 */

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The visible chip (a square) and its touch target (WCAG 2.5.8: at least 24 × 24 CSS px). */
export const CHIP_FACE_PX = 16;
export const CHIP_TARGET_PX = 24;
/** The face's centre lies this far past the link's end, and this far above its top edge (superscript, like a footnote mark). */
export const CHIP_OFFSET_X = 3;
export const CHIP_OFFSET_Y = -2;

export interface ChipPlace {
  /** Top-left corner of the chip's touch target, relative to the chip host. */
  x: number;
  y: number;
}

/**
 * The chip's place for a link whose line boxes are `rects` (several when the link wraps), relative to
 * the host's box. Null when the link is not laid out (hidden, detached) or its end is clipped away by
 * one of `clips` (the post's box, and ancestors that hide overflow: a post collapsed behind "Read more").
 */
export function placeChip(
  rects: readonly Box[],
  host: Pick<Box, 'left' | 'top'>,
  dir: 'ltr' | 'rtl',
  clips: readonly Box[] = [],
): ChipPlace | null {
  const laidOut = rects.filter((rect) => rect.right - rect.left > 0 && rect.bottom - rect.top > 0);
  const end = laidOut.at(-1);
  if (!end) return null;
  const middle = { x: (end.left + end.right) / 2, y: (end.top + end.bottom) / 2 };
  if (clips.some((clip) => middle.x < clip.left || middle.x > clip.right || middle.y < clip.top || middle.y > clip.bottom)) return null;
  const centreX = dir === 'rtl' ? end.left - CHIP_OFFSET_X : end.right + CHIP_OFFSET_X;
  const centreY = end.top + CHIP_OFFSET_Y;
  return {
    x: Math.round(centreX - CHIP_TARGET_PX / 2 - host.left),
    y: Math.round(centreY - CHIP_TARGET_PX / 2 - host.top),
  };
}

/**
 * Moves chips apart that would cover each other (two watched hashtags side by side): a chip is pushed
 * along the line, away from the text's start, until its face clears every chip placed before it.
 */
export function separateChips(places: readonly (ChipPlace | null)[], dir: 'ltr' | 'rtl'): (ChipPlace | null)[] {
  const placed: ChipPlace[] = [];
  const step = dir === 'rtl' ? -1 : 1;
  return places.map((place) => {
    if (!place) return null;
    const moved = { ...place };
    for (let guard = 0; guard < 16; guard++) {
      const clash = placed.find((other) => Math.abs(other.y - moved.y) < CHIP_FACE_PX && Math.abs(other.x - moved.x) < CHIP_FACE_PX + 2);
      if (!clash) break;
      moved.x = clash.x + step * (CHIP_FACE_PX + 2);
    }
    placed.push(moved);
    return moved;
  });
}

/** Black or white, whichever reads better on a `#rrggbb` colour (WCAG contrast ratio). */
export function inkOn(hex: string): '#000000' | '#ffffff' {
  const luminance = relativeLuminance(hex);
  const onBlack = (luminance + 0.05) / 0.05;
  const onWhite = 1.05 / (luminance + 0.05);
  return onBlack >= onWhite ? '#000000' : '#ffffff';
}

export function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) return 0;
  const [r, g, b] = match.slice(1).map((part) => {
    const c = parseInt(part, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [high, low] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}
