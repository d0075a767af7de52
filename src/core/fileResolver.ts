/**
 * Frame and annotation locations → workspace files (pure), with the workspace index, the path
 * mappings and the service → folder preference of the moment. Answers are remembered per path and
 * service: thousands of alerts name the same few files, and an unchanged poll maps nothing again.
 * Make a new resolver when the index or the settings change.
 */
import {
  mapFrameToWorkspace,
  type FileReference,
  type FrameLocation,
  type FrameMapping,
  type PathMapping,
  type WorkspaceFileIndex,
} from './codeMapping';
import type { FileAnchor } from './signal';

const MAX_REMEMBERED = 20_000;

export class FileResolver {
  private readonly memo = new Map<string, FrameMapping>();

  constructor(
    readonly index: WorkspaceFileIndex,
    readonly mappings: readonly PathMapping[] = [],
    /** Workspace path prefixes to prefer for a service's files (from `devops.monitor.serviceFolders`). */
    readonly preferredRootsOf: (service: string | undefined) => string[] = () => [],
  ) {}

  /** Where a location lands; the line and column are the location's own. */
  map(location: FrameLocation, service?: string): FrameMapping {
    const key = `${service ?? ''}\n${location.path}`;
    let found = this.memo.get(key);
    if (!found) {
      // Mapped without a position: the answer depends on the path only, so every line shares it.
      found = mapFrameToWorkspace({ path: location.path }, this.index, this.mappings, { preferredRoots: this.preferredRootsOf(service) });
      if (this.memo.size >= MAX_REMEMBERED) this.memo.clear();
      this.memo.set(key, found);
    }
    if (found.status === 'unmapped') return found;
    const position: { line?: number; column?: number } = {};
    if (Number.isInteger(location.line) && location.line! >= 1) position.line = location.line;
    if (Number.isInteger(location.column) && location.column! >= 1) position.column = location.column;
    return { ...found, ...position };
  }

  /** The file anchor of an annotation's reference (workspace path), or undefined when it is not in the workspace. */
  anchor(reference: FileReference, service?: string): FileAnchor | undefined {
    const mapped = this.map(reference, service);
    if (mapped.status !== 'mapped') return undefined;
    const anchor: FileAnchor = { path: mapped.path, line: reference.line };
    if (reference.endLine !== undefined) anchor.endLine = reference.endLine;
    return anchor;
  }
}
