/** The page's handle on its host: the one `acquireVsCodeApi()` call a webview may make. */
import type { DashboardPageMessage } from '../src/core/dashboard/protocol';
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

export function saveState(state: PageState): void {
  api.setState(state);
}
