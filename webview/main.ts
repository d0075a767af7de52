/**
 * Entry of the details page (bundled to dist/webview.js). Waits for the host's `show`, renders it,
 * and remembers which signal it shows so the panel can be restored after a reload.
 */
import { isDashboardHostMessage } from '../src/core/dashboard/protocol';
import { isHostMessage } from '../src/core/details/protocol';
import { renderDashboard } from './dashboard/render';
import { adoptDashboardStyles } from './dashboard/styles';
import { installLinkHandler } from './links';
import { renderItem } from './render';
import { adoptStyles } from './styles';
import { post, postDashboard, saveState } from './vscodeApi';

function root(): HTMLElement {
  return document.getElementById('root') ?? document.body;
}

let dashboardStyles = false;

function onMessage(event: MessageEvent): void {
  // The same page serves the dashboard panel: its host sends `dashboard` instead of `show`.
  if (isDashboardHostMessage(event.data)) {
    if (!dashboardStyles) adoptDashboardStyles();
    dashboardStyles = true;
    renderDashboard(root(), event.data, { post: postDashboard });
    return;
  }
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
