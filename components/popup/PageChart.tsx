import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { CATEGORY_IDS, type ContextId } from '@/utils/classifier/types';
import type { PageStatsResponse } from '@/utils/content/page-stats';
import { t } from '@/utils/i18n';
import { contextColor, type ContextDisplayByCategory } from '@/utils/store/settings';
import { contextName } from '@/components/options/context-names';
import { askActiveTab } from './page-stats-client';

const REFRESH_MS = 1_000;

type State = { status: 'loading' } | { status: 'inactive' } | { status: 'active'; stats: PageStatsResponse };

/**
 * How many posts on the current page fell into each context, as a bar chart. The numbers are text
 * (a list a screen reader reads as "Legislation: 4"); the bars only repeat them for the eye.
 */
export function PageChart({ display, contexts = CATEGORY_IDS }: { display: ContextDisplayByCategory; contexts?: readonly ContextId[] }) {
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    let stopped = false;
    const refresh = async () => {
      const stats = await askActiveTab();
      if (!stopped) setState(stats ? { status: 'active', stats } : { status: 'inactive' });
    };
    void refresh();
    // Counts grow while the page scrolls; another tab may become the active one.
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    const onActivated = () => void refresh();
    browser.tabs.onActivated.addListener(onActivated);
    return () => {
      stopped = true;
      clearInterval(timer);
      browser.tabs.onActivated.removeListener(onActivated);
    };
  }, []);

  if (state.status === 'loading') return <section class="chart" aria-busy="true" data-testid="page-chart" />;
  if (state.status === 'inactive') {
    return (
      <section class="chart chart--inactive" data-testid="page-chart" data-state="inactive">
        <p class="chart__status" role="status">
          <span class="chart__dot chart__dot--off" aria-hidden="true" />
          {t('popupInactive')}
        </p>
        <p class="chart__hint">{t('popupInactiveHint')}</p>
      </section>
    );
  }
  const { counts } = state.stats;
  const count = (category: ContextId) => counts[category] ?? 0;
  // Posts still labelled with a context the reader has just removed are left out (the page labels them again at once).
  const total = contexts.reduce((sum, category) => sum + count(category), 0);
  const max = Math.max(1, ...contexts.map(count));
  return (
    <section class="chart" aria-labelledby="chart-title" data-testid="page-chart" data-state="active">
      <p class="chart__status" role="status">
        <span class="chart__dot" aria-hidden="true" />
        {t('popupActive')}
      </p>
      <h2 id="chart-title" class="chart__title">
        {total === 0 ? t('popupChartEmpty') : t('popupChartTitle', String(total))}
      </h2>
      {total === 0 && state.stats.postsSeen !== undefined && (
        <p class="chart__hint" data-testid="page-chart-hint">
          {state.stats.postsSeen > 0 ? t('popupPostsSeen', String(state.stats.postsSeen)) : t('popupNoPostsFound')}
        </p>
      )}
      {total > 0 && (
        <ul class="chart__bars">
          {contexts.map((category) => (
            <li class="chart__row" key={category} data-testid={`chart-${category}`} data-count={count(category)}>
              <span class="chart__label">{contextName(display, category)}</span>
              <span class="chart__track" aria-hidden="true">
                <span
                  class="chart__bar"
                  style={{ width: `${(count(category) / max) * 100}%`, background: contextColor(display, category) }}
                />
              </span>
              <span class="chart__count">
                <span class="visually-hidden">: </span>
                {count(category)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
