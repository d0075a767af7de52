/**
 * From workspace paths to repository paths (pure). Stack frames and file references are matched
 * against one index of the whole workspace (`folder/...` keys in a multi-root workspace); the editor
 * controllers look files up by repository-relative path under `anchors.repo` (ProblemsController
 * joins them, LineFeedbackController compares with the git repository of the open file). So every
 * mapped path of a monitoring signal is rewritten relative to the repository (or workspace folder)
 * that holds it, and `anchors.repo` names that root. A nested repository is its own root.
 */
import type { FrameMapping } from './codeMapping';
import type { FileAnchor, Signal } from './signal';

/** Where a workspace path lives: the absolute root (git repository or workspace folder) and the path under it. */
export interface Located {
  repo: string;
  path: string;
}

/** A mapped frame after relocation: its path is under `repo`. */
export type RelocatedMapping = Extract<FrameMapping, { status: 'mapped' }> & { repo?: string; workspacePath?: string };

/** A file reference that landed outside the signal's main repository (listed in the details panel). */
export interface ElsewhereFile extends FileAnchor {
  repo?: string;
}

/** A stack frame of an error signal's `detail.frames`, as far as relocation reads it. */
interface MappedFrame {
  mapping?: FrameMapping | RelocatedMapping;
}

/**
 * Rewrites `anchors.files` and stack frame mappings from workspace paths to repository paths.
 * The repository of the first file becomes `anchors.repo`; files in other repositories are kept
 * in `detail.filesElsewhere` (an anchor has one repository), never dropped.
 */
export function relocateSignal(signal: Signal, locate: (workspacePath: string) => Located | undefined): Signal {
  const files = signal.anchors.files ?? [];
  const frames = Array.isArray(signal.detail?.frames) ? (signal.detail.frames as MappedFrame[]) : [];
  if (files.length === 0 && !frames.some((f) => f.mapping?.status === 'mapped')) {
    return signal;
  }
  let repo: string | undefined;
  const kept: FileAnchor[] = [];
  const elsewhere: ElsewhereFile[] = [];
  for (const file of files) {
    const located = locate(file.path);
    if (!located) {
      elsewhere.push({ ...file });
      continue;
    }
    repo ??= located.repo;
    if (located.repo === repo) kept.push({ ...file, path: located.path });
    else elsewhere.push({ ...file, path: located.path, repo: located.repo });
  }
  const detail: Record<string, unknown> = { ...signal.detail };
  if (frames.length > 0) {
    detail.frames = frames.map((frame): MappedFrame => {
      if (frame.mapping?.status !== 'mapped') return frame;
      const located = locate(frame.mapping.path);
      const mapping: RelocatedMapping = located
        ? { ...frame.mapping, path: located.path, repo: located.repo, workspacePath: frame.mapping.path }
        : frame.mapping;
      return { ...frame, mapping };
    });
  }
  if (elsewhere.length > 0) detail.filesElsewhere = elsewhere;
  const anchors = { ...signal.anchors };
  if (kept.length > 0) anchors.files = kept;
  else delete anchors.files;
  if (repo !== undefined && kept.length > 0) anchors.repo = repo;
  return { ...signal, anchors, detail };
}
