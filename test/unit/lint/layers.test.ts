/**
 * The layering rule (test/tools/eslint-layers.mjs) through the project's own ESLint configuration:
 * deliberate violations in files placed where they would be, and the allowed imports next to them.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'layers/allowed-imports').map((m) => m.message);
}

describe('lint: the layers of the code', function () {
  this.timeout(60_000);

  it('fails when pure code imports vscode or a layer above it', async () => {
    assert.match(
      (await layerErrors('src/core/zz.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n"))[0],
      /must not import vscode/,
    );
    assert.match(
      (await layerErrors('src/core/zz.ts', "import { HttpClient } from '../http/client';\nexport const x = HttpClient;\n"))[0],
      /core may not import http/,
    );
    assert.match(
      (await layerErrors('src/http/zz.ts', "import { GitRunner } from '../sources/git';\nexport const x = GitRunner;\n"))[0],
      /http may not import sources\/git/,
    );
    assert.match(
      (
        await layerErrors('src/sources/gitlab/zz.ts', "import { SignalHub } from '../../vscode/services';\nexport const x = SignalHub;\n")
      )[0],
      /sources\/gitlab may not import vscode/,
    );
  });

  it("fails when a source imports another source, or outside code reaches past a source's index", async () => {
    assert.match(
      (
        await layerErrors('src/sources/gitlab/zz.ts', "import { checkBranchName } from '../github';\nexport const x = checkBranchName;\n")
      )[0],
      /sources\/gitlab may not import sources\/github/,
    );
    assert.match(
      (
        await layerErrors(
          'src/vscode/github/zz.ts',
          "import { mapIssue } from '../../sources/github/mapping';\nexport const x = mapIssue;\n",
        )
      )[0],
      /through its index/,
    );
  });

  it("fails when generic VS Code code names a service's folder", async () => {
    assert.match(
      (
        await layerErrors(
          'src/vscode/editor/zz.ts',
          "import { GitHubService } from '../github/service';\nexport const x = GitHubService;\n",
        )
      )[0],
      /vscode may not import vscode\/github/,
    );
    assert.match(
      (
        await layerErrors(
          'src/vscode/views/zz.ts',
          "import { SENTRY_PREFIX } from '../../sources/sentry';\nexport const x = SENTRY_PREFIX;\n",
        )
      )[0],
      /vscode may not import sources\/sentry/,
    );
  });

  it('allows what the layers allow', async () => {
    assert.deepEqual(
      await layerErrors(
        'src/sources/gitlab/zz.ts',
        "import { Signal } from '../../core/signal';\nimport { HttpClient } from '../../http/client';\nimport { x } from './api';\nexport const y = [HttpClient, x] as unknown as Signal;\n",
      ),
      [],
    );
    assert.deepEqual(
      await layerErrors(
        'src/vscode/github/zz.ts',
        "import * as vscode from 'vscode';\nimport { planLayout } from '../../sources/github';\nimport { fetchRefspec } from '../../sources/git';\nimport { notify } from '../notify';\nexport const x = [vscode, planLayout, fetchRefspec, notify];\n",
      ),
      [],
    );
    assert.deepEqual(
      await layerErrors('src/vscode/editor/zz.ts', "import { GitWorkspace } from '../git/gitWorkspace';\nexport const x = GitWorkspace;\n"),
      [],
    );
  });
});
