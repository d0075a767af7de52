/**
 * Every click on a link becomes a message to the host; the webview itself never navigates.
 * Links the page builds carry their message in a WeakMap; links from sanitized markdown are
 * turned into `openExternal` only when they are http(s).
 */
import { isHttpUrl, type PageMessage } from '../src/core/details/protocol';
import { post } from './vscodeApi';

const messages = new WeakMap<Element, PageMessage>();

/** An `<a>` that posts `message` when clicked; `text` is set as text, never parsed. */
export function messageLink(text: string, message: PageMessage, hint?: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.textContent = text;
  // An href makes it focusable and shows the URL on hover; clicks never follow it (see below).
  a.href = message.type === 'openExternal' ? message.url : '#';
  if (hint !== undefined) {
    a.title = hint;
  }
  messages.set(a, message);
  return a;
}

export function externalLink(text: string, url: string): HTMLAnchorElement | Text {
  return isHttpUrl(url) ? messageLink(text, { type: 'openExternal', url }, url) : document.createTextNode(text);
}

function messageFor(a: HTMLAnchorElement): PageMessage | undefined {
  const own = messages.get(a);
  if (own) {
    return own;
  }
  const href = a.getAttribute('href');
  return href !== null && isHttpUrl(href) ? { type: 'openExternal', url: href } : undefined;
}

function onClick(event: MouseEvent): void {
  const target = event.target instanceof Element ? event.target.closest('a') : null;
  if (!target) {
    return;
  }
  event.preventDefault();
  // Middle clicks (auxclick) are swallowed too: a webview opening tabs on its own is a surprise.
  if (event.type !== 'click' || event.button !== 0) {
    return;
  }
  const message = messageFor(target);
  if (message) {
    post(message);
  }
}

export function installLinkHandler(): void {
  document.addEventListener('click', onClick, true);
  document.addEventListener('auxclick', onClick, true);
}
