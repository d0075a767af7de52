/**
 * The dashboard's styles and uPlot's, adopted as constructable stylesheets (no 'unsafe-inline').
 * Colours are VS Code theme variables only; bands use the chart palette and also say their name in
 * text, so nothing relies on colour alone (high contrast themes add borders through the variables).
 */
import uplotCss from 'uplot/dist/uPlot.min.css';

const css = `
.bar { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding-top: 12px; }
.bar h1 { margin: 0; font-size: 1.4em; font-weight: 600; }
.controls { display: flex; flex-wrap: wrap; gap: 10px; }
select, button.export {
  color: var(--vscode-dropdown-foreground);
  background: var(--vscode-dropdown-background);
  border: 1px solid var(--vscode-dropdown-border, transparent);
  font: inherit;
  padding: 2px 6px;
}
button.export { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border-color: var(--vscode-button-border, transparent); cursor: pointer; }
button.export:hover { background: var(--vscode-button-hoverBackground); }
.edition { color: var(--vscode-descriptionForeground); margin: 6px 0; }
ul.notes { margin: 6px 0 10px; padding-left: 18px; color: var(--vscode-editorWarning-foreground, var(--vscode-foreground)); }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 10px; margin: 10px 0; }
.tile {
  display: flex; flex-direction: column; gap: 4px; text-align: left; cursor: pointer;
  color: var(--vscode-foreground); font: inherit;
  background: var(--vscode-editorWidget-background, var(--vscode-editor-background));
  border: 1px solid var(--vscode-editorWidget-border, var(--vscode-contrastBorder, transparent));
  border-left-width: 4px; padding: 8px 10px;
}
.tile:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
.tile[aria-pressed="true"] { outline: 1px solid var(--vscode-focusBorder); }
.tile.band-elite { border-left-color: var(--vscode-charts-green); }
.tile.band-high { border-left-color: var(--vscode-charts-blue); }
.tile.band-medium { border-left-color: var(--vscode-charts-yellow); }
.tile.band-low { border-left-color: var(--vscode-charts-red); }
.tile-title { color: var(--vscode-descriptionForeground); }
.tile-value { font-size: 1.5em; font-weight: 600; }
.tile-meta { display: flex; gap: 8px; flex-wrap: wrap; }
.band { text-transform: uppercase; font-size: 0.85em; letter-spacing: 0.05em; padding: 0 4px; border: 1px solid currentColor; }
.trend-better { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
.trend-worse { color: var(--vscode-testing-iconFailed, var(--vscode-foreground)); }
.definition, .thresholds { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.improve { font-size: 0.9em; }
svg.spark { width: 100%; height: 28px; color: var(--vscode-charts-blue); }
svg.spark polyline { fill: none; stroke: currentColor; stroke-width: 1.5; vector-effect: non-scaling-stroke; }
svg.spark circle { fill: currentColor; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; margin: 12px 0; }
.chart .u-title { font-weight: 600; font-size: 1em; }
.chart .u-legend { color: var(--vscode-foreground); }
h2 { font-size: 1.1em; font-weight: 600; margin: 16px 0 6px; }
ul.events { list-style: none; margin: 0; padding: 0; }
ul.events li { padding: 2px 0; overflow-wrap: anywhere; }
`;

export function adoptDashboardStyles(): void {
  const sheets = [uplotCss, css].map((text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    return sheet;
  });
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, ...sheets];
}
