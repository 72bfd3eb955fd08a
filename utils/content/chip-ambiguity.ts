import { defaultPrior, hashtags } from '../classifier/sense-inventory.json';

/**
 * A hashtag is ambiguous when more than one context is a likely sense of it: at least two contexts
 * (“other” included: #Matrix is also a film) have a prior of {@link SENSE_PRIOR} or more in the sense
 * inventory. #Protokoll, #Protocol, #Matrix, #Signal, #Datenschutz are; #ChatControl, #Mitmachen and
 * #ActivityPub are not. A watched hashtag the inventory does not know (one the reader added) has the
 * inventory's default priors, all equal: ambiguous.
 */
export const SENSE_PRIOR = 0.15;

type Priors = Record<string, number>;

/**
 * A spelling folded for lookup: lower case, umlauts and ß as two letters, other marks dropped
 * (#Verschlüsselung = #Verschluesselung). Not the classifier's normalize.ts: that builds a large fold
 * table when loaded, which every page would pay for at start.
 */
function fold(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/^[#＃]+/, '')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '');
}

function sensesOf(priors: Priors): number {
  return Object.values(priors).filter((prior) => prior >= SENSE_PRIOR).length;
}

/** Folded spellings of the inventory's hashtags and their aliases, and whether each is ambiguous. */
function inventorySpellings(): Map<string, boolean> {
  const spellings = new Map<string, boolean>();
  for (const [name, sense] of Object.entries(hashtags as Record<string, { aliases?: string[]; priors?: Priors }>)) {
    const ambiguous = sensesOf(sense.priors ?? (defaultPrior as Priors)) > 1;
    for (const spelling of [name, ...(sense.aliases ?? [])]) spellings.set(fold(spelling), ambiguous);
  }
  return spellings;
}

let known: Map<string, boolean> | null = null;

/** Whether a normalised watched hashtag name (lower case, NFKC, no `#`) is ambiguous. */
export function isAmbiguousTag(name: string): boolean {
  known ??= inventorySpellings();
  return known.get(fold(name)) ?? sensesOf(defaultPrior as Priors) > 1;
}
