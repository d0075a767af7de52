/**
 * Remote markdown (PR bodies, incident notes) to inert DOM: marked with raw HTML shown as text,
 * then DOMPurify, then a last pass that keeps only http(s) links and https/data images.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { isHttpUrl } from '../src/core/details/protocol';

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Raw HTML in markdown is shown as the text it is, not interpreted.
const marked = new Marked({ gfm: true, async: false, renderer: { html: ({ text }) => escape(text) } });

const purifyConfig = {
  USE_PROFILES: { html: true },
  ALLOWED_URI_REGEXP: /^(?:https?:|data:image\/(?:png|gif|jpeg|webp);)/i,
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'select', 'textarea', 'dialog'],
  // Inline styles would only trip the CSP; ids and names could clobber globals.
  FORBID_ATTR: ['style', 'id', 'name', 'target', 'srcset'],
  RETURN_DOM_FRAGMENT: true as const,
};

export function renderMarkdown(source: string): DocumentFragment {
  const html = marked.parse(source, { async: false });
  const fragment = DOMPurify.sanitize(html, purifyConfig);
  for (const a of fragment.querySelectorAll('a')) {
    const href = a.getAttribute('href');
    if (href === null || !isHttpUrl(href)) {
      a.removeAttribute('href');
    } else {
      a.title = href;
    }
    a.rel = 'noreferrer noopener';
  }
  for (const img of fragment.querySelectorAll('img')) {
    const src = img.getAttribute('src') ?? '';
    if (!/^(?:https:|data:image\/)/i.test(src)) {
      img.remove();
    }
  }
  return fragment;
}
