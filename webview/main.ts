/**
 * Entry of the details page (bundled to dist/webview.js). Waits for the host's `show`, renders it,
 * and remembers which signal it shows so the panel can be restored after a reload.
 */
import { isHostMessage } from '../src/core/details/protocol';
import { installLinkHandler } from './links';
import { renderItem } from './render';
import { adoptStyles } from './styles';
import { post, saveState } from './vscodeApi';

function root(): HTMLElement {
  return document.getElementById('root') ?? document.body;
}

function onMessage(event: MessageEvent): void {
  // The host is the only sender; anything that is not a well-formed `show` is ignored.
  if (!isHostMessage(event.data)) {
    return;
  }
  const { item } = event.data;
  root().replaceChildren(...renderItem(item));
  document.title = item.signal.title.slice(0, 200);
  saveState({ signalId: item.signal.id });
}

adoptStyles();
installLinkHandler();
window.addEventListener('message', onMessage);
root().textContent = 'Loading…';
post({ type: 'ready' });
