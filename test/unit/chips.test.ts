import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isAmbiguousTag, SENSE_PRIOR } from '@/utils/content/chip-ambiguity';
import {
  CHIP_FACE_PX,
  CHIP_OFFSET_X,
  CHIP_OFFSET_Y,
  CHIP_TARGET_PX,
  contrastRatio,
  inkOn,
  placeChip,
  separateChips,
  type Box,
} from '@/utils/content/chip-placement';
import { CHIP_MODES, DEFAULT_CHIP_MODE, DEFAULT_CONTEXT_COLORS, sanitizeChipMode } from '@/utils/store/settings';
import inventory from '@/utils/classifier/sense-inventory.json';

const box = (left: number, top: number, width: number, height: number): Box => ({ left, top, right: left + width, bottom: top + height });

describe('chip placement', () => {
  const host = { left: 100, top: 500 };

  it('puts the chip on the end corner of the link, relative to the host', () => {
    const place = placeChip([box(150, 300, 80, 17)], host, 'ltr')!;
    // Face centre: link end + offset, link top + offset; the target is 24 px around it.
    expect(place).toEqual({
      x: 230 + CHIP_OFFSET_X - CHIP_TARGET_PX / 2 - 100,
      y: 300 + CHIP_OFFSET_Y - CHIP_TARGET_PX / 2 - 500,
    });
  });

  it('uses the last line box of a link that wraps, and its left end in right-to-left text', () => {
    const rects = [box(600, 300, 90, 17), box(150, 322, 40, 17)];
    expect(placeChip(rects, host, 'ltr')).toEqual({ x: 190 + CHIP_OFFSET_X - 12 - 100, y: 322 + CHIP_OFFSET_Y - 12 - 500 });
    expect(placeChip(rects, host, 'rtl')).toEqual({ x: 150 - CHIP_OFFSET_X - 12 - 100, y: 322 + CHIP_OFFSET_Y - 12 - 500 });
  });

  it('places no chip for a link that is not laid out, or whose end is clipped away (a post collapsed behind "Read more")', () => {
    expect(placeChip([], host, 'ltr')).toBeNull();
    expect(placeChip([box(150, 300, 0, 0)], host, 'ltr')).toBeNull();
    const collapsed = box(140, 200, 600, 400);
    expect(placeChip([box(150, 650, 80, 17)], host, 'ltr', [collapsed])).toBeNull();
    expect(placeChip([box(150, 550, 80, 17)], host, 'ltr', [collapsed])).not.toBeNull();
  });

  it('rounds to whole pixels', () => {
    const place = placeChip([box(150.4, 300.6, 80.3, 17)], { left: 0.2, top: 0.7 }, 'ltr')!;
    expect(Number.isInteger(place.x) && Number.isInteger(place.y)).toBe(true);
  });

  it('moves chips apart that would cover each other, along the line, and leaves the others alone', () => {
    const apart = separateChips([{ x: 10, y: 10 }, { x: 14, y: 11 }, null, { x: 200, y: 10 }], 'ltr');
    expect(apart[0]).toEqual({ x: 10, y: 10 });
    expect(apart[1]!.x - apart[0]!.x).toBeGreaterThanOrEqual(CHIP_FACE_PX);
    expect(apart[2]).toBeNull();
    expect(apart[3]).toEqual({ x: 200, y: 10 });
    const rtl = separateChips([{ x: 100, y: 10 }, { x: 98, y: 10 }], 'rtl');
    expect(rtl[1]!.x).toBeLessThan(rtl[0]!.x - CHIP_FACE_PX);
  });

  it('never leaves two faces overlapping (property)', () => {
    const point = fc.record({ x: fc.integer({ min: 0, max: 200 }), y: fc.integer({ min: 0, max: 60 }) });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 8 }), (places) => {
        const apart = separateChips(places, 'ltr') as { x: number; y: number }[];
        for (let i = 0; i < apart.length; i++)
          for (let j = 0; j < i; j++) {
            const overlap = Math.abs(apart[i]!.x - apart[j]!.x) < CHIP_FACE_PX && Math.abs(apart[i]!.y - apart[j]!.y) < CHIP_FACE_PX;
            if (overlap) return false;
          }
        return true;
      }),
    );
  });

  it('writes the glyph in black or white, whichever reads at least 4.5:1 on the context colour', () => {
    for (const color of Object.values(DEFAULT_CONTEXT_COLORS)) expect(contrastRatio(inkOn(color), color)).toBeGreaterThanOrEqual(4.5);
    expect(inkOn('#ffff00')).toBe('#000000');
    expect(inkOn('#1a1a80')).toBe('#ffffff');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
        const color = `#${n.toString(16).padStart(6, '0')}`;
        return contrastRatio(inkOn(color), color) >= 4.5;
      }),
    );
  });
});

describe('chip mode setting', () => {
  it('keeps a valid mode and repairs anything else to the default', () => {
    for (const mode of CHIP_MODES) expect(sanitizeChipMode(mode)).toBe(mode);
    for (const junk of [undefined, null, '', 'ALWAYS', 'sometimes', 1, {}, ['never']]) expect(sanitizeChipMode(junk)).toBe(DEFAULT_CHIP_MODE);
    expect(DEFAULT_CHIP_MODE).toBe('always');
  });
});

describe('ambiguous hashtags', () => {
  it('are those with more than one likely context in the sense inventory', () => {
    for (const tag of ['protokoll', 'protokolle', 'protocol', 'matrix', 'signal', 'datenschutz', 'verschlüsselung', 'verschluesselung'])
      expect(isAmbiguousTag(tag), tag).toBe(true);
    for (const tag of ['chatkontrolle', 'chatcontrol', 'chatcontrol2', 'mitmachen', 'activitypub']) expect(isAmbiguousTag(tag), tag).toBe(false);
  });

  it('agree with the inventory’s priors for every hashtag it lists', () => {
    const hashtags = (inventory as { hashtags: Record<string, { priors: Record<string, number> }> }).hashtags;
    for (const [name, { priors }] of Object.entries(hashtags)) {
      const senses = Object.values(priors).filter((prior) => prior >= SENSE_PRIOR).length;
      expect(isAmbiguousTag(name.toLowerCase()), name).toBe(senses > 1);
    }
  });

  it('counts a watched hashtag the inventory does not know (the reader’s own) as ambiguous', () => {
    expect(isAmbiguousTag('vereinsprotokoll')).toBe(true);
  });
});
