/**
 * The dashboard page: choice of window, environment and service; the four keys as tiles (number,
 * band, trend, sparkline, definition, "what would improve this"); phase health tiles; two charts;
 * notes on missing inputs; and, for the tile clicked, the events behind it (each opens its details).
 */
import type { DashboardChoice, DashboardHostMessage, DashboardPageMessage } from '../../src/core/dashboard/protocol';
import type { ReportEvent, Tile } from '../../src/core/dora/model';
import { WINDOW_DAYS, type WindowDays } from '../../src/core/dora/window';
import { deploysChart, leadTimeChart } from './charts';
import { el } from './dom';
import { sparkline } from './sparkline';

export interface DashboardPage {
  post(message: DashboardPageMessage): void;
}

const TREND_TEXT = { better: '▲ better', worse: '▼ worse', same: '● same', unknown: '' } as const;

let selected: string | undefined;

export function renderDashboard(root: HTMLElement, message: DashboardHostMessage, page: DashboardPage): void {
  const { report, choice } = message;
  const all = [...report.keys, ...report.phases];
  if (selected && !all.some((t) => t.key === selected)) selected = undefined;
  const drill = el('section', { class: 'drill', 'aria-live': 'polite' });
  const showEvents = (t: Tile) => {
    selected = t.key;
    drill.replaceChildren(...eventList(t, page));
    for (const b of root.querySelectorAll('.tile')) b.setAttribute('aria-pressed', String(b.getAttribute('data-key') === t.key));
  };
  const width = Math.max(280, Math.min(560, Math.floor((root.clientWidth || 900) / 2) - 24));
  root.replaceChildren(
    el(
      'header',
      { class: 'bar' },
      el('h1', {}, 'Delivery performance'),
      controls(report.environments, report.services, report.environment, choice, page),
      el('button', { class: 'export', type: 'button', title: 'DevOps: Export Metrics… (JSON and CSV)' }, 'Export…'),
    ),
    el(
      'p',
      { class: 'edition' },
      `Bands: ${report.edition}. Window: ${day(report.window.start)} → ${day(report.window.end)} (${report.window.days} days), trend against the ${report.window.days} days before.`,
    ),
    ...(report.notes.length > 0 ? [el('ul', { class: 'notes' }, ...report.notes.map((n) => el('li', {}, n)))] : []),
    el('div', { class: 'tiles keys' }, ...report.keys.map((t) => tile(t, showEvents))),
    el('div', { class: 'charts' }, deploysChart(report.deploysPerDay, width), leadTimeChart(report.leadTimeHistogram, width)),
    el('h2', {}, 'Phase health'),
    el('div', { class: 'tiles phases' }, ...report.phases.map((t) => tile(t, showEvents))),
    drill,
  );
  root.querySelector('button.export')?.addEventListener('click', () => page.post({ type: 'export' }));
  const again = all.find((t) => t.key === selected);
  if (again) showEvents(again);
}

function controls(
  environments: string[],
  services: string[],
  environment: string,
  choice: DashboardChoice,
  page: DashboardPage,
): HTMLElement {
  const windowSelect = select(
    'Window',
    WINDOW_DAYS.map((d) => [String(d), `${d} days`]),
    String(choice.days),
  );
  const envSelect = select(
    'Environment',
    (environments.includes(environment) ? environments : [environment, ...environments]).map((e) => [e, e]),
    environment,
  );
  const serviceSelect = select('Service', [['', 'all services'], ...services.map((s): [string, string] => [s, s])], choice.service ?? '');
  const send = () => {
    const service = (serviceSelect.querySelector('select') as HTMLSelectElement).value;
    const next: DashboardChoice = {
      days: Number((windowSelect.querySelector('select') as HTMLSelectElement).value) as WindowDays,
      environment: (envSelect.querySelector('select') as HTMLSelectElement).value,
      ...(service ? { service } : {}),
    };
    page.post({ type: 'select', choice: next });
  };
  for (const s of [windowSelect, envSelect, serviceSelect]) s.addEventListener('change', send);
  return el('div', { class: 'controls' }, windowSelect, envSelect, serviceSelect);
}

function select(label: string, options: Array<[string, string]>, value: string): HTMLElement {
  const s = el('select', { 'aria-label': label }, ...options.map(([v, text]) => el('option', { value: v }, text)));
  s.value = value;
  return el('label', {}, `${label} `, s);
}

function tile(t: Tile, onSelect: (t: Tile) => void): HTMLElement {
  const trend = TREND_TEXT[t.trend];
  const button = el(
    'button',
    {
      class: `tile${t.band ? ` band-${t.band}` : ''}`,
      type: 'button',
      'data-key': t.key,
      'aria-pressed': 'false',
      title: 'Show the events behind this number',
    },
    el('span', { class: 'tile-title' }, t.title),
    el('span', { class: 'tile-value' }, t.display),
    el(
      'span',
      { class: 'tile-meta' },
      ...(t.band ? [el('span', { class: 'band' }, t.band)] : []),
      ...(trend
        ? [
            el(
              'span',
              { class: `trend trend-${t.trend}` },
              `${trend}${t.previousDisplay !== undefined ? ` (was ${t.previousDisplay})` : ''}`,
            ),
          ]
        : []),
    ),
    ...(t.spark.length > 1 ? [sparkline(t.spark, `${t.title} over the window`)] : []),
    el('span', { class: 'definition' }, t.definition),
    ...(t.thresholds ? [el('span', { class: 'thresholds' }, t.thresholds)] : []),
    el('span', { class: 'improve' }, `What would improve this: ${t.improve}`),
  );
  button.addEventListener('click', () => onSelect(t));
  return button;
}

function eventList(t: Tile, page: DashboardPage): HTMLElement[] {
  const heading = el(
    'h2',
    {},
    `Behind “${t.title}”: ${t.eventCount} event${t.eventCount === 1 ? '' : 's'}${t.eventCount > t.events.length ? ` (first ${t.events.length}; the export has them all)` : ''}`,
  );
  if (t.events.length === 0) return [heading, el('p', { class: 'muted' }, 'No event in this window.')];
  return [heading, el('ul', { class: 'events' }, ...t.events.map((e) => eventRow(e, page)))];
}

function eventRow(e: ReportEvent, page: DashboardPage): HTMLElement {
  const title: Node | string = e.signalId ? openLink(e.title, e.signalId, page) : e.title;
  return el('li', {}, el('span', { class: 'muted' }, day(e.at, true)), ' ', title, ' ', el('span', { class: 'chip' }, e.value));
}

function openLink(text: string, signalId: string, page: DashboardPage): HTMLAnchorElement {
  const a = el('a', { href: '#', title: 'Show details' }, text);
  a.addEventListener('click', (event) => {
    event.preventDefault();
    page.post({ type: 'open', signalId });
  });
  return a;
}

function day(ms: number, withTime = false): string {
  const d = new Date(ms);
  return withTime
    ? d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString();
}
