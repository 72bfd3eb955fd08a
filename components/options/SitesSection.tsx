import { useEffect, useRef, useState } from 'preact/hooks';
import { disableSite, hostOf, listSites, requestAndEnableSite, siteErrorMessage, siteInputMessage } from '@/components/sites/site-actions';
import { t } from '@/utils/i18n';
import { DEFAULT_HOSTS, parseSiteInput } from '@/utils/sites';
import { enabledSitesItem, MAX_ENABLED_SITES, sanitizeEnabledSites } from '@/utils/store/sites';
import './sites-section.css';
import { Status } from './Status';
import { TextField } from './TextField';

/**
 * The options page's Sites: the built-in instances and clients (read-only) and the sites the reader
 * added, each with Remove; a field to add one by address or host name. Adding asks the browser for
 * access to that site from the submit itself (the prompt needs the user gesture).
 */
export function SitesSection() {
  const [sites, setSites] = useState<string[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [input, setInput] = useState('');
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // Through the background first: it checks them against the permissions (a revoked one is dropped).
    void listSites().then((response) => {
      if (response.ok) setSites(response.sites);
      else enabledSitesItem.getValue().then((value) => setSites(sanitizeEnabledSites(value)), () => setFailed(true));
    });
    return enabledSitesItem.watch((value) => setSites(sanitizeEnabledSites(value)));
  }, []);

  const add = (event: Event) => {
    event.preventDefault();
    const parsed = parseSiteInput(input);
    const problem = !parsed.ok
      ? siteInputMessage(parsed.error, input)
      : sites?.includes(parsed.origin)
        ? t('optionsSiteDuplicate', hostOf(parsed.origin))
        : (sites?.length ?? 0) >= MAX_ENABLED_SITES
          ? t('siteErrorTooMany')
          : '';
    setError(problem);
    setStatus('');
    if (problem || !parsed.ok) {
      field.current?.focus();
      return;
    }
    setBusy(true);
    const submitted = input;
    // No await before this call: it must run inside the submit's user gesture.
    void requestAndEnableSite(parsed.origin).then((response) => {
      setBusy(false);
      if (response.ok) {
        setSites(response.sites);
        // Only what was submitted: the reader may have typed on while the browser asked.
        setInput((current) => (current === submitted ? '' : current));
        setStatus(t('optionsSiteAdded', hostOf(parsed.origin)));
      } else {
        setError(siteErrorMessage(response.error, parsed.origin));
      }
      field.current?.focus();
    });
  };

  const remove = async (origin: string) => {
    setBusy(true);
    const response = await disableSite(origin);
    setBusy(false);
    if (response.ok) setSites(response.sites);
    setStatus(response.ok ? t('optionsSiteRemoved', hostOf(origin)) : siteErrorMessage(response.error, origin));
    field.current?.focus(); // the button the focus was on is gone
  };

  return (
    <section class="options__section" aria-labelledby="sites-title" data-testid="sites-section">
      <h2 id="sites-title">{t('optionsSites')}</h2>
      <p class="options__intro">{t('optionsSitesIntro')}</p>
      <h3 id="builtin-sites-title">{t('optionsBuiltInSites')}</h3>
      <ul class="sites sites--builtin" aria-labelledby="builtin-sites-title" data-testid="builtin-sites">
        {DEFAULT_HOSTS.map((host) => (
          <li class="sites__site" key={host}>
            {host}
          </li>
        ))}
      </ul>
      <h3 id="enabled-sites-title">{t('optionsEnabledSites')}</h3>
      {failed && <p class="options__error">{t('optionsSitesFailed')}</p>}
      {sites?.length === 0 && <p class="options__empty">{t('optionsNoEnabledSites')}</p>}
      {sites && sites.length > 0 && (
        <ul class="sites" aria-labelledby="enabled-sites-title" data-testid="enabled-sites">
          {sites.map((origin) => (
            <li class="sites__site sites__site--own" key={origin} data-origin={origin}>
              <span class="sites__name">{origin.startsWith('http:') ? origin : hostOf(origin)}</span>
              <button
                type="button"
                class="options__button options__button--small"
                aria-label={t('optionsRemoveSiteLabel', hostOf(origin))}
                disabled={busy}
                onClick={() => void remove(origin)}
                data-testid="remove-site"
              >
                {t('optionsRemoveSite')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="sites__form" onSubmit={add} noValidate>
        <TextField
          id="new-site"
          label={t('optionsSiteInput')}
          value={input}
          error={error}
          errorAlert
          errorTestid="new-site-error"
          onInput={setInput}
          inputRef={field}
          inputMode="url"
          inputClass="sites__input"
          placeholder="social.example"
          spellcheck={false}
          testid="new-site"
          action={
            <button type="submit" class="options__button" disabled={busy} data-testid="add-site">
              {t('optionsAddSite')}
            </button>
          }
        />
      </form>
      <Status message={status} testid="sites-status" />
    </section>
  );
}
