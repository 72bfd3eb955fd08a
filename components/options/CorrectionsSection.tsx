import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import type { CorrectionSummary } from '@/utils/messages';
import { contextColor, type ContextDisplayByCategory } from '@/utils/store/settings';
import { clearCorrections, listCorrections, undoCorrection } from './background';
import { contextName } from './context-names';
import { matchesQuery, queryWords, searchableText } from './correction-search';
import { Status } from './Status';

/** More rows than a reader scrolls through; beyond them, the search narrows the list. */
const SHOWN_AT_MOST = 200;

/** The reader's corrections, newest first: search, undo one, clear all after a confirmation. */
export function CorrectionsSection({ display, reload }: { display: ContextDisplayByCategory; reload: number }) {
  const [corrections, setCorrections] = useState<CorrectionSummary[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [status, setStatus] = useState('');
  const [query, setQuery] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const load = () =>
    listCorrections().then(
      (list) => {
        setCorrections(list);
        setFailed(false);
      },
      () => setFailed(true),
    );
  useEffect(() => void load(), [reload]);

  const searchable = useMemo(
    () => (corrections ?? []).map((correction) => ({ correction, text: searchableText(correction, contextName(display, correction.category)) })),
    [corrections, display],
  );
  const matching = useMemo(() => {
    const words = queryWords(query);
    return searchable.filter(({ text }) => matchesQuery(words, text)).map(({ correction }) => correction);
  }, [searchable, query]);

  const undo = async (postKey: string) => {
    await undoCorrection(postKey);
    await load();
    setStatus(t('optionsCorrectionUndone'));
    heading.current?.focus(); // the undone row and its button are gone
  };
  const clearAll = async () => {
    dialog.current?.close();
    await clearCorrections();
    await load();
    setQuery('');
    setStatus(t('optionsCorrectionsCleared'));
    heading.current?.focus();
  };
  const total = corrections?.length ?? 0;

  return (
    <section class="options__section" aria-labelledby="corrections-title">
      <h2 id="corrections-title" tabIndex={-1} ref={heading}>
        {t('optionsCorrections')}
      </h2>
      <p class="options__intro">{t('optionsCorrectionsIntro')}</p>
      {failed && <p class="options__error">{t('optionsCorrectionsFailed')}</p>}
      {corrections?.length === 0 && <p class="options__empty">{t('optionsNoCorrections')}</p>}
      {total > 0 && (
        <>
          <div class="corrections__search" role="search">
            <label for="corrections-search">{t('optionsSearchCorrections')}</label>
            <input
              id="corrections-search"
              type="search"
              class="options__input"
              value={query}
              onInput={(event) => setQuery(event.currentTarget.value)}
              autocomplete="off"
              spellcheck={false}
              data-testid="corrections-search"
            />
          </div>
          <p class="options__hint" aria-live="polite" data-testid="corrections-count">
            {countText(matching.length, total, query)}
          </p>
          <CorrectionList corrections={matching.slice(0, SHOWN_AT_MOST)} display={display} onUndo={(key) => void undo(key)} />
          <div class="options__actions">
            <button
              type="button"
              class="options__button options__button--danger"
              onClick={() => dialog.current?.showModal()}
              data-testid="clear-corrections"
            >
              {t('optionsClearCorrections')}
            </button>
          </div>
        </>
      )}
      <dialog ref={dialog} class="options__dialog" aria-labelledby="confirm-title" aria-describedby="confirm-text" data-testid="confirm-clear">
        <h2 id="confirm-title">{t('optionsClearCorrections')}</h2>
        <p id="confirm-text">{t('optionsClearConfirm', String(total))}</p>
        <div class="options__actions">
          <button type="button" class="options__button" onClick={() => dialog.current?.close()} autofocus data-testid="confirm-cancel">
            {t('optionsCancel')}
          </button>
          <button type="button" class="options__button options__button--danger" onClick={() => void clearAll()} data-testid="confirm-clear-all">
            {t('optionsConfirmClear')}
          </button>
        </div>
      </dialog>
      <Status message={status} testid="corrections-status" />
    </section>
  );
}

function CorrectionList(props: { corrections: CorrectionSummary[]; display: ContextDisplayByCategory; onUndo: (postKey: string) => void }) {
  const dateFormat = new Intl.DateTimeFormat(browser.i18n.getUILanguage(), { dateStyle: 'medium', timeStyle: 'short' });
  if (props.corrections.length === 0) return null;
  return (
    <ul class="corrections" data-testid="corrections">
      {props.corrections.map((correction) => (
        <li class="corrections__item" key={correction.postKey} data-post-key={correction.postKey}>
          <p class="corrections__text">{correction.text}</p>
          <p class="corrections__meta">
            <span class="corrections__swatch" aria-hidden="true" style={{ background: contextColor(props.display, correction.category) }} />
            <span>{t('optionsCorrectionAs', contextName(props.display, correction.category))}</span>
            <span class="corrections__date">{dateFormat.format(correction.createdAt)}</span>
            <button
              type="button"
              class="options__button options__button--small"
              aria-label={t('optionsUndoCorrectionLabel', preview(correction.text))}
              onClick={() => props.onUndo(correction.postKey)}
              data-testid="undo-correction"
            >
              {t('optionsUndoCorrection')}
            </button>
          </p>
        </li>
      ))}
    </ul>
  );
}

/** "3 corrections", "2 of 3 corrections match", "No correction matches …", "Showing the newest 200 of 950 …". */
function countText(matching: number, total: number, query: string): string {
  if (query.trim() === '') {
    return total > SHOWN_AT_MOST ? t('optionsCorrectionsShownNewest', [String(SHOWN_AT_MOST), String(total)]) : t('optionsCorrectionsCount', String(total));
  }
  if (matching === 0) return t('optionsCorrectionsNoMatch', query.trim());
  if (matching > SHOWN_AT_MOST) return t('optionsCorrectionsMatchShown', [String(matching), String(total), String(SHOWN_AT_MOST)]);
  return t('optionsCorrectionsMatch', [String(matching), String(total)]);
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}
