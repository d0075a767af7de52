/** The page's handle on its host: the one `acquireVsCodeApi()` call a webview may make. */
import type { DashboardChoice, DashboardPageMessage } from '../src/core/dashboard/protocol';
import type { PageMessage, PageState } from '../src/core/details/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: PageMessage): void {
  api.postMessage(message);
}

export function postDashboard(message: DashboardPageMessage): void {
  api.postMessage(message);
}

/** The dashboard keeps its window, environment and service, so a reload restores the same view. */
export function saveDashboardState(choice: DashboardChoice): void {
  api.setState({ dashboard: choice });
}

export function saveState(state: PageState): void {
  api.setState(state);
}
