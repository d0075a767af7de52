/**
 * Entry of the details page (bundled to dist/webview.js). Waits for the host's `show`, renders it,
 * and remembers which signal it shows so the panel can be restored after a reload.
 */
import { isDashboardHostMessage, type DashboardHostMessage } from '../src/core/dashboard/protocol';
import { isHostMessage } from '../src/core/details/protocol';
import { renderDashboard } from './dashboard/render';
import { adoptDashboardStyles } from './dashboard/styles';
import { installLinkHandler } from './links';
import { renderItem } from './render';
import { adoptStyles } from './styles';
import { post, postDashboard, saveDashboardState, saveState } from './vscodeApi';

function root(): HTMLElement {
  return document.getElementById('root') ?? document.body;
}

let dashboardStyles = false;
let dashboard: DashboardHostMessage | undefined;

// Canvas charts take resolved colours: draw the dashboard again when VS Code switches theme (body class).
new MutationObserver(() => dashboard && renderDashboard(root(), dashboard, { post: postDashboard })).observe(document.body, {
  attributes: true,
  attributeFilter: ['class'],
});

function onMessage(event: MessageEvent): void {
  // The same page serves the dashboard panel: its host sends `dashboard` instead of `show`.
  if (isDashboardHostMessage(event.data)) {
    if (!dashboardStyles) adoptDashboardStyles();
    dashboardStyles = true;
    dashboard = event.data;
    renderDashboard(root(), dashboard, { post: postDashboard });
    saveDashboardState(dashboard.choice);
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
