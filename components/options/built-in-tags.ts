import inventory from '@/utils/classifier/sense-inventory.json';

/** The hashtags watched out of the box, spelt as the sense inventory spells them (`Protokoll`, `ChatControl`). */
export const BUILT_IN_TAGS: readonly string[] = Object.keys((inventory as { hashtags: Record<string, unknown> }).hashtags);
