import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { CATEGORY_IDS, type CategoryId } from '@/utils/classifier/types';
import { categoryName, problemText, t } from '@/utils/i18n';
import {
  contextColor,
  contextDisplaySetting,
  customTagsSetting,
  MAX_CONTEXT_NAME_LENGTH,
  MAX_CUSTOM_TAGS,
  parseHashtagInput,
  sanitizeContextDisplay,
  sanitizeCustomTags,
  type ContextDisplayByCategory,
} from '@/utils/store/settings';
import type { ImportMode } from '@/utils/messages';
import { BACKUP_LIMITS, FILE_TOO_LARGE } from '@/utils/store/backup';
import {
  clearCache,
  exportBackupText,
  importBackupText,
  storageIsMemoryOnly,
} from './background';
import { BUILT_IN_TAGS } from './built-in-tags';
import { ChipsSection } from './ChipsSection';
import { CorrectionsSection } from './CorrectionsSection';
import { contextName } from './context-names';
import { CustomContextsSection } from './CustomContextsSection';
import { TagVisibilitySection } from './TagVisibilitySection';
import { ToolbarSection } from './ToolbarSection';
import { useContexts } from './use-contexts';
import type { CustomContext } from '@/utils/store/custom-contexts';
import { SitesSection } from './SitesSection';
import { Status } from './Status';
import { TextField } from './TextField';
import { useSetting } from '../use-setting';

/** The options page: contexts, watched hashtags, corrections, data. */
export function Options() {
  const { ids, display, custom } = useContexts();
  // Bumped by an import: the corrections list reads the stored ones again.
  const [imports, setImports] = useState(0);
  return (
    <main class="options">
      <header class="options__header">
        <h1>{t('optionsTitle')}</h1>
        <p class="options__lead">{t('optionsLead')}</p>
      </header>
      <ContextsSection display={display} custom={custom} />
      <ChipsSection />
      <ToolbarSection />
      <HashtagsSection />
      <TagVisibilitySection display={display} contexts={ids} />
      <SitesSection />
      <CorrectionsSection display={display} reload={imports} />
      <DataSection onImported={() => setImports((count) => count + 1)} />
    </main>
  );
}

function ContextsSection({ display, custom }: { display: ContextDisplayByCategory; custom: CustomContext[] }) {
  const [status, setStatus] = useState('');
  const save = async (category: CategoryId, change: { name?: string; color?: string }) => {
    const current = sanitizeContextDisplay(await contextDisplaySetting.getValue());
    const entry = { ...current[category], ...change };
    if (!entry.name?.trim() || entry.name.trim() === categoryName(category)) delete entry.name;
    if (entry.color === contextColor({}, category)) delete entry.color;
    await contextDisplaySetting.setValue(sanitizeContextDisplay({ ...current, [category]: entry }));
    setStatus(t('optionsSaved'));
  };
  const reset = async () => {
    await contextDisplaySetting.removeValue();
    setStatus(t('optionsContextsReset'));
  };
  return (
    <section class="options__section" aria-labelledby="contexts-title">
      <h2 id="contexts-title">{t('optionsContexts')}</h2>
      <p class="options__intro">{t('optionsContextsIntro')}</p>
      <ul class="contexts">
        {CATEGORY_IDS.map((category) => {
          const fallbackName = categoryName(category);
          return (
            <li class="contexts__row" key={category}>
              <input
                type="color"
                id={`color-${category}`}
                class="contexts__color"
                value={contextColor(display, category)}
                aria-label={t('optionsContextColor', fallbackName)}
                data-testid={`context-color-${category}`}
                onChange={(event) => void save(category, { color: event.currentTarget.value })}
              />
              <label class="contexts__label" for={`name-${category}`}>
                {t('optionsContextName', fallbackName)}
              </label>
              <input
                type="text"
                id={`name-${category}`}
                class="options__input contexts__name"
                value={contextName(display, category)}
                maxLength={MAX_CONTEXT_NAME_LENGTH}
                data-testid={`context-name-${category}`}
                onChange={(event) => void save(category, { name: event.currentTarget.value })}
              />
            </li>
          );
        })}
      </ul>
      <div class="options__actions">
        <button type="button" class="options__button" onClick={() => void reset()} data-testid="contexts-reset">
          {t('optionsContextsResetButton')}
        </button>
      </div>
      {custom.length > 0 && <p class="options__hint">{t('optionsContextsResetHint')}</p>}
      <Status message={status} testid="contexts-status" />
      <CustomContextsSection contexts={custom} display={display} />
    </section>
  );
}

function HashtagsSection() {
  const custom = useSetting(customTagsSetting, sanitizeCustomTags, []);
  const [input, setInput] = useState('');
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const field = useRef<HTMLInputElement>(null);

  const defaults = new Set(BUILT_IN_TAGS.map((tag) => tag.toLowerCase()));
  const add = async (event: Event) => {
    event.preventDefault();
    const tag = parseHashtagInput(input);
    const problem = !tag
      ? t('optionsTagInvalid')
      : defaults.has(tag) || custom.includes(tag)
        ? t('optionsTagDuplicate', `#${tag}`)
        : custom.length >= MAX_CUSTOM_TAGS
          ? t('optionsTagTooMany', String(MAX_CUSTOM_TAGS))
          : '';
    setError(problem);
    if (problem || !tag) {
      field.current?.focus();
      return;
    }
    await customTagsSetting.setValue([...custom, tag]);
    setInput('');
    setStatus(t('optionsTagAdded', `#${tag}`));
  };
  const remove = async (tag: string) => {
    await customTagsSetting.setValue(custom.filter((other) => other !== tag));
    setStatus(t('optionsTagRemoved', `#${tag}`));
    field.current?.focus(); // the button the focus was on is gone
  };

  return (
    <section class="options__section" aria-labelledby="tags-title">
      <h2 id="tags-title">{t('optionsTags')}</h2>
      <p class="options__intro">{t('optionsTagsIntro')}</p>
      <h3 id="default-tags-title">{t('optionsDefaultTags')}</h3>
      <ul class="tags" aria-labelledby="default-tags-title" data-testid="default-tags">
        {BUILT_IN_TAGS.map((tag) => (
          <li class="tags__tag" key={tag}>
            #{tag}
          </li>
        ))}
      </ul>
      <h3 id="custom-tags-title">{t('optionsCustomTags')}</h3>
      {custom.length === 0 ? (
        <p class="options__empty">{t('optionsNoCustomTags')}</p>
      ) : (
        <ul class="tags" aria-labelledby="custom-tags-title" data-testid="custom-tags">
          {custom.map((tag) => (
            <li class="tags__tag tags__tag--own" key={tag} data-tag={tag}>
              #{tag}
              <button
                type="button"
                class="tags__remove"
                aria-label={t('optionsRemoveTag', `#${tag}`)}
                title={t('optionsRemoveTag', `#${tag}`)}
                onClick={() => void remove(tag)}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="tags__form" onSubmit={(event) => void add(event)} noValidate>
        <TextField
          id="new-tag"
          label={t('optionsTagInput')}
          value={input}
          error={error}
          onInput={setInput}
          inputRef={field}
          placeholder="#Beispiel"
          spellcheck={false}
          testid="new-tag"
          action={
            <button type="submit" class="options__button" data-testid="add-tag">
              {t('optionsAddTag')}
            </button>
          }
        />
      </form>
      <p class="options__hint">{t('optionsTagsReloadHint')}</p>
      <Status message={status} testid="tags-status" />
    </section>
  );
}

function DataSection({ onImported }: { onImported: () => void }) {
  const [used, setUsed] = useState<number | null>(null);
  const [memoryOnly, setMemoryOnly] = useState(false);
  const [status, setStatus] = useState('');
  const measure = () =>
    navigator.storage
      ?.estimate()
      .then((estimate) => setUsed(estimate.usage ?? null))
      .catch(() => setUsed(null));
  useEffect(() => {
    void measure();
    storageIsMemoryOnly().then(setMemoryOnly, () => setMemoryOnly(false));
  }, []);

  const clear = async () => {
    await clearCache();
    await measure();
    setStatus(t('optionsCacheCleared'));
  };
  return (
    <section class="options__section" aria-labelledby="data-title">
      <h2 id="data-title">{t('optionsData')}</h2>
      {memoryOnly && (
        <p class="options__warning" data-testid="storage-memory-only">
          {t('optionsStorageMemoryOnly')}
        </p>
      )}
      <p class="options__intro">{t('optionsDataIntro')}</p>
      <p data-testid="storage-used">{used === null ? t('optionsStorageUnknown') : t('optionsStorageUsed', formatBytes(used))}</p>
      <div class="options__actions">
        <button type="button" class="options__button" onClick={() => void clear()} data-testid="clear-cache">
          {t('optionsClearCache')}
        </button>
      </div>
      <Status message={status} testid="data-status" />
      <BackupControls
        onImported={() => {
          onImported();
          void measure();
        }}
      />
    </section>
  );
}

/** Export to a JSON file and import from one; what the background says is wrong with a file is shown at the file input. */
function BackupControls({ onImported }: { onImported: () => void }) {
  const [mode, setMode] = useState<ImportMode>('merge');
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const exportFile = async () => {
    setError('');
    try {
      const json = await exportBackupText();
      const file = `hashtag-context-backup-${new Date().toISOString().slice(0, 10)}.json`;
      download(json, file);
      const counts = JSON.parse(json) as { corrections?: unknown[]; watchedTags?: unknown[]; settings?: { customContexts?: unknown[] } };
      const contexts = counts.settings?.customContexts?.length ?? 0;
      setStatus(t('optionsExported', [String(counts.corrections?.length ?? 0), String(counts.watchedTags?.length ?? 0), String(contexts), file]));
    } catch (failure) {
      setStatus(t('optionsExportFailed', failure instanceof Error ? failure.message : String(failure)));
    }
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setStatus('');
    setError('');
    setBusy(true);
    try {
      // Not even read when it is too large: a backup of this extension never is.
      if (file.size > BACKUP_LIMITS.fileBytes) {
        setError(t('optionsImportFailed', problemText(FILE_TOO_LARGE)));
        return;
      }
      const outcome = await importBackupText(await file.text(), mode);
      if (!outcome.ok) {
        setError(t('optionsImportFailed', problemText(outcome.problem)));
        return;
      }
      setStatus(t('optionsImported', [String(outcome.corrections), String(outcome.tags), String(outcome.contexts)]));
      onImported();
    } catch (failure) {
      setError(t('optionsImportFailed', failure instanceof Error ? failure.message : String(failure)));
    } finally {
      setBusy(false);
      input.value = ''; // the same file can be chosen again
    }
  };

  return (
    <div class="backup" role="group" aria-labelledby="backup-title">
      <h3 id="backup-title">{t('optionsBackup')}</h3>
      <p class="options__intro">{t('optionsBackupIntro')}</p>
      <div class="options__actions">
        <button type="button" class="options__button" onClick={() => void exportFile()} data-testid="export-backup">
          {t('optionsExport')}
        </button>
      </div>
      <fieldset class="backup__mode">
        <legend>{t('optionsImportMode')}</legend>
        {(['merge', 'replace'] as const).map((choice) => (
          <label class="backup__choice" key={choice}>
            <input
              type="radio"
              name="import-mode"
              value={choice}
              checked={mode === choice}
              onChange={() => setMode(choice)}
              data-testid={`import-mode-${choice}`}
            />
            {t(choice === 'merge' ? 'optionsImportMerge' : 'optionsImportReplace')}
          </label>
        ))}
        <p class="options__hint">{t('optionsImportSettingsHint')}</p>
      </fieldset>
      <label class="backup__file-label" for="import-file">
        {t('optionsImportFile')}
      </label>
      <input
        id="import-file"
        type="file"
        class="backup__file"
        accept=".json,application/json"
        disabled={busy}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby="import-error"
        aria-errormessage={error ? 'import-error' : undefined}
        onChange={(event) => void importFile(event.currentTarget)}
        data-testid="import-file"
      />
      <p id="import-error" class="options__error" role="alert" data-testid="import-error">
        {error}
      </p>
      <Status message={busy ? t('optionsImporting') : status} testid="backup-status" />
    </div>
  );
}

/** Saves text as a file through a link to a blob, then lets the blob go. */
function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function formatBytes(bytes: number): string {
  const format = (value: number, unit: 'kilobyte' | 'megabyte') =>
    new Intl.NumberFormat(browser.i18n.getUILanguage(), { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
  return bytes < 1024 * 1024 ? format(bytes / 1024, 'kilobyte') : format(bytes / 1024 / 1024, 'megabyte');
}
