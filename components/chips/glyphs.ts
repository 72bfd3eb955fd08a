import type { CategoryId } from '@/utils/classifier/types';

/**
 * The chip's symbol per context: text where a font has the glyph everywhere (§, ?), a small SVG where an
 * emoji would look different on every system (a plug, a raised hand). Static markup, never post content.
 */
export const CHIP_GLYPHS: Record<CategoryId, { text: string } | { path: string }> = {
  legislation: { text: '§' },
  network_protocol: {
    // A plug: two prongs, the body, the cord.
    path: 'M8 2h2v5H8zM14 2h2v5h-2zM5.5 7h13v3.5a6.5 6.5 0 0 1-5.5 6.42V22h-2v-5.08A6.5 6.5 0 0 1 5.5 10.5z',
  },
  civic_recruiting: {
    // A raised open hand: four fingers, the thumb, the palm.
    path: 'M9 3.5a1.5 1.5 0 0 1 3 0V10h.5V2.5a1.5 1.5 0 0 1 3 0V10h.5V4a1.5 1.5 0 0 1 3 0v10.5A7.5 7.5 0 0 1 11.5 22h-.3a6.8 6.8 0 0 1-5.6-3L2.3 14a1.6 1.6 0 0 1 2.6-1.9L7.5 15V5.5a1.5 1.5 0 0 1 1.5-1.5z',
  },
  other: { text: '?' },
};
