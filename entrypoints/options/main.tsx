import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Options } from '@/components/options/Options';
import '@/components/options/options.css';
import { t } from '@/utils/i18n';

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = t('optionsTitle');
render(<Options />, document.getElementById('app')!);
