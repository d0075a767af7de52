/**
 * The page's own styles, adopted as a constructable stylesheet so the CSP needs no 'unsafe-inline'.
 * Colours come from VS Code's theme variables only, so the page follows every theme.
 */
const css = `
body {
  padding: 0 20px 24px;
  color: var(--vscode-foreground);
  font-family: var(--vscode-font-family);
  font-size: var(--vscode-font-size);
  line-height: 1.5;
}
header { padding-top: 12px; }
h1 {
  font-size: 1.4em;
  font-weight: 600;
  margin: 6px 0 10px;
  overflow-wrap: anywhere;
  white-space: pre-wrap;
}
.badges, .actions { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.actions { margin: 4px 0 12px; }
vscode-badge.state-success, vscode-badge.state-resolved, vscode-badge.state-merged {
  --vscode-badge-background: var(--vscode-testing-iconPassed, #73c991);
  --vscode-badge-foreground: var(--vscode-editor-background, #1e1e1e);
}
vscode-badge.state-merged { --vscode-badge-background: var(--vscode-charts-purple, #b180d7); }
vscode-badge.state-failed, vscode-badge.state-firing, vscode-badge.state-rolledBack {
  --vscode-badge-background: var(--vscode-testing-iconFailed, #f14c4c);
  --vscode-badge-foreground: var(--vscode-editor-background, #1e1e1e);
}
vscode-badge.state-running, vscode-badge.state-open {
  --vscode-badge-background: var(--vscode-charts-blue, #3794ff);
  --vscode-badge-foreground: var(--vscode-editor-background, #1e1e1e);
}
vscode-badge.state-queued, vscode-badge.state-draft, vscode-badge.state-silenced, vscode-badge.state-inhibited {
  --vscode-badge-background: var(--vscode-charts-yellow, #cca700);
  --vscode-badge-foreground: var(--vscode-editor-background, #1e1e1e);
}
table.meta { border-collapse: collapse; width: 100%; margin: 4px 0; }
table.meta th {
  text-align: left;
  vertical-align: top;
  font-weight: normal;
  color: var(--vscode-descriptionForeground);
  padding: 2px 16px 2px 0;
  white-space: nowrap;
  width: 1%;
}
table.meta td { padding: 2px 0; overflow-wrap: anywhere; }
.chip {
  display: inline-block;
  margin: 1px 4px 1px 0;
  padding: 0 6px;
  border-radius: 2px;
  background: var(--vscode-textCodeBlock-background);
  font-family: var(--vscode-editor-font-family);
  font-size: 0.9em;
}
a { color: var(--vscode-textLink-foreground); text-decoration: none; cursor: pointer; }
a:hover { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
a:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
a:not([href]) { color: inherit; cursor: default; text-decoration: none; }
code, pre { font-family: var(--vscode-editor-font-family); }
pre.code {
  margin: 0;
  padding: 8px;
  max-height: 60vh;
  overflow: auto;
  background: var(--vscode-textCodeBlock-background);
  font-size: var(--vscode-editor-font-size);
  white-space: pre;
}
vscode-collapsible { margin-top: 12px; }
.section-body { padding: 6px 12px 10px; overflow-wrap: anywhere; }
.markdown img { max-width: 100%; }
.markdown pre { overflow: auto; padding: 8px; background: var(--vscode-textCodeBlock-background); }
.markdown blockquote { margin: 0; padding: 0 12px; border-left: 3px solid var(--vscode-textBlockQuote-border); }
.markdown table { border-collapse: collapse; }
.markdown th, .markdown td { border: 1px solid var(--vscode-editorWidget-border, #454545); padding: 2px 6px; }
ul.related { list-style: none; margin: 0; padding: 0; }
ul.related li { display: flex; flex-wrap: wrap; gap: 6px; align-items: baseline; padding: 2px 0; }
.muted, .note { color: var(--vscode-descriptionForeground); }
.note { font-style: italic; }
`;

export function adoptStyles(): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
