/**
 * The two charts, drawn with uPlot. Why uPlot: ~50 KB minified with no dependency, maintained, and
 * it draws on a canvas with no `eval`/`new Function` and no injected <style> (it sets element
 * `.style` properties, which a CSP without 'unsafe-inline' allows); its stylesheet is adopted like
 * ours. Chart.js (≈200 KB) would not fit the page budget as well; D3 would need us to write the charts.
 * A canvas cannot read CSS variables, so the theme colours are resolved from the page's computed
 * style, and the charts are redrawn when VS Code switches theme (the body's class changes).
 */
import uPlot from 'uplot';
import type { DayCount, HistogramBin } from '../../src/core/dora/model';

function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function highContrast(): boolean {
  return document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
}

function axes(labels?: string[]): uPlot.Axis[] {
  const stroke = themeColor('--vscode-foreground', '#cccccc');
  const grid = { stroke: themeColor('--vscode-editorWidget-border', '#454545'), width: 1 };
  const font = `11px ${themeColor('--vscode-font-family', 'sans-serif')}`;
  return [
    {
      stroke,
      grid: { show: false },
      font,
      ...(labels ? { values: (_u: uPlot, ticks: number[]) => ticks.map((t) => labels[t] ?? '') } : {}),
    },
    { stroke, grid, font, size: 40 },
  ];
}

export function deploysChart(days: readonly DayCount[], width: number): HTMLElement {
  const host = document.createElement('div');
  host.className = 'chart';
  const bars = uPlot.paths.bars?.({ size: [0.7, 40] });
  const width_ = highContrast() ? 2 : 1;
  const opts: uPlot.Options = {
    width,
    height: 180,
    title: 'Deploys per day',
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    axes: axes(),
    // Stacked by hand: the red bar is the day's total, the green one (drawn over it) the successful deploys.
    series: [
      {},
      {
        label: 'failed',
        stroke: themeColor('--vscode-charts-red', '#f14c4c'),
        fill: themeColor('--vscode-charts-red', '#f14c4c'),
        width: width_,
        paths: bars,
        points: { show: false },
      },
      {
        label: 'successful',
        stroke: themeColor('--vscode-charts-green', '#89d185'),
        fill: themeColor('--vscode-charts-green', '#89d185'),
        width: width_,
        paths: bars,
        points: { show: false },
      },
    ],
    legend: { show: true, live: false },
  };
  const data: uPlot.AlignedData = [days.map((d) => d.day / 1000), days.map((d) => d.success + d.failed), days.map((d) => d.success)];
  new uPlot(opts, data, host);
  return host;
}

export function leadTimeChart(bins: readonly HistogramBin[], width: number): HTMLElement {
  const host = document.createElement('div');
  host.className = 'chart';
  const labels = bins.map((b) => b.label);
  const opts: uPlot.Options = {
    width,
    height: 180,
    title: 'Lead time distribution (changes)',
    scales: { x: { time: false, range: [-0.5, bins.length - 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    axes: axes(labels),
    series: [
      {},
      {
        label: 'changes',
        stroke: themeColor('--vscode-charts-blue', '#3794ff'),
        fill: themeColor('--vscode-charts-blue', '#3794ff'),
        width: highContrast() ? 2 : 1,
        paths: uPlot.paths.bars?.({ size: [0.6, 80] }),
        points: { show: false },
      },
    ],
    legend: { show: false },
  };
  new uPlot(opts, [bins.map((_, i) => i), bins.map((b) => b.count)], host);
  return host;
}
