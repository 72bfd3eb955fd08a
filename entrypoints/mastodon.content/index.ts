import { defineContentScript } from 'wxt/utils/define-content-script';
import { startHashtagContext } from '@/utils/content/hashtag-context';
import { DEFAULT_MATCHES } from '@/utils/sites';

export default defineContentScript({
  matches: DEFAULT_MATCHES,
  runAt: 'document_idle',
  // The tooltip's CSS is bundled into this script as a string and put into the tooltip's shadow root
  // (see tooltip-controller): no stylesheet as a web-accessible resource, which pages could probe
  // for, and which would only be reachable from the static matches, not from sites the reader enables.
  cssInjectionMode: 'manual',
  main: (ctx) => startHashtagContext(ctx),
});
