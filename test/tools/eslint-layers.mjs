// The layering rule of the extension (like VS Code's own `code-layering`): which folder may import which.
//   src/core                 only src/core
//   src/http                 src/core, src/http
//   src/sources/<service>    src/core, src/http, and its own folder (never another service); from outside only through its index.ts
//   src/vscode (generic)     src/core, src/http, src/sources/git, src/vscode: never a vendor's folder
//   src/vscode/<service>     the above, and src/sources/<service>
//   src/extension.ts         anything: it is the list of registered services
//   webview                  webview, src/core (the page bundle shares the details protocol)
// and the `vscode` module only in src/vscode, src/extension.ts and the integration tests.
import fs from 'node:fs';
import path from 'node:path';

/** Folders of src/vscode that belong to no service. */
const GENERIC_VSCODE = new Set(['editor', 'views', 'webview', 'monitor', 'logs']);

function layerOf(file, root) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  const m = /^src\/(core|http|sources|vscode)(?:\/([^/]+))?/.exec(rel);
  if (rel === 'src/extension.ts') return { layer: 'extension' };
  if (rel.startsWith('webview/')) return { layer: 'webview' };
  if (!m) return { layer: 'other' };
  const [, layer, sub] = m;
  if (layer === 'sources') return { layer, service: sub };
  if (layer === 'vscode')
    return { layer, service: sub && !GENERIC_VSCODE.has(sub) && isDirectory(path.join(root, 'src/vscode', sub)) ? sub : undefined };
  return { layer };
}

function isDirectory(dir) {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** `src/sources/<service>` itself or its `index`: the only way into a source from outside it. */
function isBarrel(target, root, service) {
  const rel = path
    .relative(path.join(root, 'src/sources', service), target)
    .split(path.sep)
    .join('/');
  return rel === '' || rel === 'index' || rel === 'index.ts';
}

function allowed(from, to) {
  switch (from.layer) {
    case 'core':
      return to.layer === 'core';
    case 'http':
      return to.layer === 'core' || to.layer === 'http';
    case 'sources':
      return to.layer === 'core' || to.layer === 'http' || (to.layer === 'sources' && to.service === from.service);
    case 'vscode':
      if (to.layer === 'core' || to.layer === 'http' || to.layer === 'vscode')
        return to.layer !== 'vscode' || !to.service || to.service === from.service || to.service === 'git';
      return to.layer === 'sources' && (to.service === 'git' || to.service === from.service);
    case 'webview':
      return to.layer === 'webview' || to.layer === 'core';
    default:
      return true;
  }
}

const VSCODE_ALLOWED = /^(src\/vscode\/|src\/extension\.ts$|test\/integration\/|test\/bench\/activation\.ts$)/;

export const layersPlugin = {
  rules: {
    'allowed-imports': {
      meta: { type: 'problem', schema: [{ type: 'object', properties: { root: { type: 'string' } } }] },
      create(context) {
        const root = context.options[0]?.root ?? context.cwd;
        const file = context.filename;
        const from = layerOf(file, root);
        const relFile = path.relative(root, file).split(path.sep).join('/');
        const check = (node, spec) => {
          if (typeof spec !== 'string') return;
          if (spec === 'vscode') {
            if (!VSCODE_ALLOWED.test(relFile))
              context.report({
                node,
                message: `${relFile} must not import vscode: pure layers (core, http, sources) and the webview run without it.`,
              });
            return;
          }
          if (!spec.startsWith('.')) return;
          const target = path.resolve(path.dirname(file), spec);
          const to = layerOf(target, root);
          if (to.layer === 'sources' && !(from.layer === 'sources' && from.service === to.service) && !isBarrel(target, root, to.service)) {
            context.report({ node, message: `import sources/${to.service} through its index (barrel), not ${spec}.` });
            return;
          }
          if (!allowed(from, to)) {
            const what = to.service ? `${to.layer}/${to.service}` : to.layer;
            const own = from.service ? `${from.layer}/${from.service}` : from.layer;
            context.report({
              node,
              message: `${own} may not import ${what} (${spec}): see the layering rule in test/tools/eslint-layers.mjs.`,
            });
          }
        };
        return {
          ImportDeclaration: (node) => check(node.source, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
          ExportAllDeclaration: (node) => check(node.source, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
          TSImportEqualsDeclaration: (node) =>
            node.moduleReference.type === 'TSExternalModuleReference' && check(node, node.moduleReference.expression.value),
        };
      },
    },
  },
};
