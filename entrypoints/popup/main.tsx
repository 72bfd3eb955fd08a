import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Popup } from '@/components/popup/Popup';
import '@/components/popup/popup.css';
import { t } from '@/utils/i18n';

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = t('extName');
render(<Popup />, document.getElementById('app')!);
