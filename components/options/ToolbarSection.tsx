import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { sanitizeToolbarCount, toolbarCountSetting } from '@/utils/store/settings';
import { useSetting } from '../use-setting';
import { Status } from './Status';

/** Whether the toolbar icon shows how many posts were sorted on the open page. Open pages follow at once. */
export function ToolbarSection() {
  const shown = useSetting(toolbarCountSetting, sanitizeToolbarCount, true);
  const [status, setStatus] = useState('');
  const change = async (next: boolean) => {
    await toolbarCountSetting.setValue(next);
    setStatus(t('optionsSaved'));
  };
  return (
    <section class="options__section" aria-labelledby="toolbar-title">
      <h2 id="toolbar-title">{t('optionsToolbar')}</h2>
      <p class="options__intro" id="toolbar-intro">{t('optionsToolbarIntro')}</p>
      <label class="options__choice">
        <input
          type="checkbox"
          checked={shown}
          aria-describedby="toolbar-intro"
          data-testid="toolbar-count"
          onChange={(event) => void change(event.currentTarget.checked)}
        />
        <span>{t('optionsToolbarCount')}</span>
      </label>
      <Status message={status} testid="toolbar-status" />
    </section>
  );
}
