import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createClassificationService } from '@/utils/background/classification-service';
import { isAllowedFrom, parseRequest } from '@/utils/messages';
import { openStorage } from '@/utils/store';

export default defineBackground(() => {
  const service = createClassificationService(openStorage());

  browser.runtime.onMessage.addListener((message, sender) => {
    // Only this extension's own scripts may ask; anything malformed is dropped unanswered.
    if (sender.id !== browser.runtime.id) return undefined;
    const request = parseRequest(message);
    if (!request || !isAllowedFrom(request, sender.url, browser.runtime.getURL('/'))) return undefined;
    return service.handle(request);
  });
});
