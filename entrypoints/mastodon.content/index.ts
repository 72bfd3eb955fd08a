import { defineContentScript } from 'wxt/utils/define-content-script';
import '@/components/tooltip/tooltip.css';
import { startHashtagContext } from '@/utils/content/hashtag-context';
import { DEFAULT_MATCHES } from '@/utils/sites';

export default defineContentScript({
  matches: DEFAULT_MATCHES,
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  main: (ctx) => startHashtagContext(ctx),
});
