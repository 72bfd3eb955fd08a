import { defaultPrior, hashtags } from '../classifier/sense-inventory.json';
import { normalizeTagKey } from '../classifier/normalize';

/**
 * A hashtag is ambiguous when more than one context is a likely sense of it: at least two contexts
 * (“other” included: #Matrix is also a film) have a prior of {@link SENSE_PRIOR} or more in the sense
 * inventory. #Protokoll, #Protocol, #Matrix, #Signal, #Datenschutz are; #ChatControl, #Mitmachen and
 * #ActivityPub are not. A watched hashtag the inventory does not know (one the reader added) has the
 * inventory's default priors, all equal: ambiguous.
 */
export const SENSE_PRIOR = 0.15;

type Priors = Record<string, number>;

function sensesOf(priors: Priors): number {
  return Object.values(priors).filter((prior) => prior >= SENSE_PRIOR).length;
}

/** Normalised spellings (as links name them, and umlaut-folded) of the inventory's hashtags, and whether each is ambiguous. */
function inventorySpellings(): Map<string, boolean> {
  const spellings = new Map<string, boolean>();
  const lower = (name: string) => name.normalize('NFKC').replace(/^[#＃]+/, '').toLowerCase();
  for (const [name, sense] of Object.entries(hashtags as Record<string, { aliases?: string[]; priors?: Priors }>)) {
    const ambiguous = sensesOf(sense.priors ?? (defaultPrior as Priors)) > 1;
    for (const spelling of [name, ...(sense.aliases ?? [])]) {
      spellings.set(lower(spelling), ambiguous);
      spellings.set(normalizeTagKey(spelling), ambiguous);
    }
  }
  return spellings;
}

let known: Map<string, boolean> | null = null;

/** Whether a normalised watched hashtag name (lower case, NFKC, no `#`) is ambiguous. */
export function isAmbiguousTag(name: string): boolean {
  known ??= inventorySpellings();
  return known.get(name) ?? known.get(normalizeTagKey(name)) ?? sensesOf(defaultPrior as Priors) > 1;
}
