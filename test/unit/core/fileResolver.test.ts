import assert from 'node:assert/strict';
import { WorkspaceFileIndex, mapFrameToWorkspace } from '../../../src/core/codeMapping';
import { FileResolver } from '../../../src/core/fileResolver';
import { mapStackFrame } from '../../../src/sources/sentry/mapping';

const INDEX = new WorkspaceFileIndex(['services/api/src/app/handler.ts', 'services/web/src/app/handler.ts', 'lib/util.py']);

describe('FileResolver', () => {
  it('answers like mapFrameToWorkspace, each location with its own line and column', () => {
    const resolver = new FileResolver(INDEX, [{ stackRoot: '/usr/src/app', sourceRoot: 'services/api' }]);
    for (const location of [
      { path: '/usr/src/app/src/app/handler.ts', line: 42, column: 7 },
      { path: '/usr/src/app/src/app/handler.ts', line: 3 },
      { path: 'src/app/handler.ts', line: 9 },
      { path: '/opt/lib/util.py' },
      { path: 'missing.go', line: 1 },
    ]) {
      assert.deepEqual(
        resolver.map(location),
        mapFrameToWorkspace(location, INDEX, [{ stackRoot: '/usr/src/app', sourceRoot: 'services/api' }]),
      );
    }
  });

  it("prefers the service's folder, per service", () => {
    const resolver = new FileResolver(INDEX, [], (service) => (service ? [`services/${service}`] : []));
    assert.deepEqual(resolver.anchor({ path: 'src/app/handler.ts', line: 5, endLine: 8, offset: 0 }, 'web'), {
      path: 'services/web/src/app/handler.ts',
      line: 5,
      endLine: 8,
    });
    assert.deepEqual(resolver.anchor({ path: 'src/app/handler.ts', line: 5, offset: 0 }, 'api'), {
      path: 'services/api/src/app/handler.ts',
      line: 5,
    });
    assert.equal(resolver.anchor({ path: 'src/app/handler.ts', line: 5, offset: 0 }), undefined, 'ambiguous without a service: no guess');
    assert.equal(resolver.map({ path: 'src/app/handler.ts', line: 5 }).status, 'ambiguous');
  });

  it('maps Sentry frames by filename or absPath', () => {
    const resolver = new FileResolver(INDEX, [], (service) => (service ? [`services/${service}`] : []));
    const frame = { filename: '<anonymous>', absPath: 'app:///src/app/handler.ts', lineNo: 42, inApp: true };
    assert.deepEqual(mapStackFrame(frame, resolver.index, resolver.mappings, { preferredRoots: resolver.preferredRootsOf('api') }), {
      status: 'mapped',
      path: 'services/api/src/app/handler.ts',
      line: 42,
      via: 'suffix',
      matchedSegments: 3,
    });
  });
});
