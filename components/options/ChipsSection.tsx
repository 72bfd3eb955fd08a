import { useEffect, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { CHIP_MODES, chipModeSetting, sanitizeChipMode, type ChipMode } from '@/utils/store/settings';
import './chips-section.css';
import { Status } from './Status';

/** Where context chips are shown beside hashtags: always, only on ambiguous hashtags, or never. Applies to open pages at once. */
export function ChipsSection() {
  const [mode, setMode] = useState<ChipMode | null>(null);
  const [status, setStatus] = useState('');
  useEffect(() => {
    void chipModeSetting.getValue().then((value) => setMode(sanitizeChipMode(value)));
    return chipModeSetting.watch((value) => setMode(sanitizeChipMode(value)));
  }, []);
  const choose = async (next: ChipMode) => {
    setMode(next);
    await chipModeSetting.setValue(next);
    setStatus(t('optionsSaved'));
  };
  return (
    <section class="options__section" aria-labelledby="chips-title">
      <h2 id="chips-title">{t('optionsChips')}</h2>
      <p class="options__intro" id="chips-intro">{t('optionsChipsIntro')}</p>
      <div class="chip-modes" role="radiogroup" aria-labelledby="chips-title" aria-describedby="chips-intro" data-testid="chip-mode">
        {CHIP_MODES.map((value) => (
          <label class="options__choice" key={value}>
            <input
              type="radio"
              name="chip-mode"
              value={value}
              checked={mode === value}
              data-testid={`chip-mode-${value}`}
              onChange={() => void choose(value)}
            />
            <span>{t(`chipMode_${value}`)}</span>
          </label>
        ))}
      </div>
      <Status message={status} testid="chips-status" />
    </section>
  );
}
