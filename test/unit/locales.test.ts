import { describe, expect, it } from 'vitest';
import { BACKUP_MESSAGES } from '@/utils/store/backup';
import { readMessages } from './support/locale';

describe('_locales', () => {
  const en = readMessages('en');
  const de = readMessages('de');

  it('has every English message in German too, and nothing more', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it('keeps the same placeholders in both languages', () => {
    for (const key of Object.keys(en)) {
      const placeholders = (message: string) => [...message.matchAll(/\$([A-Z_]+)\$/gi)].map((m) => m[1]!.toLowerCase()).sort();
      expect(placeholders(de[key]!.message), key).toEqual(placeholders(en[key]!.message));
    }
  });

  it('names every context', () => {
    for (const category of ['legislation', 'network_protocol', 'civic_recruiting', 'other']) {
      expect(en[`category_${category}`]?.message).toBeTruthy();
    }
  });

  it('has every message a backup problem can name, in both languages', () => {
    for (const key of BACKUP_MESSAGES) {
      expect(en[key]?.message, key).toBeTruthy();
      expect(de[key]?.message, key).toBeTruthy();
    }
  });
});
