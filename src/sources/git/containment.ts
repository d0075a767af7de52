import {
  ContainmentOracle,
  DEFAULT_SINCE_DEPTH,
  EnvironmentHistory,
  EnvironmentStatus,
  commitStatus,
  pendingContainment,
} from '../../core/deployStatus';
import { AncestryGraph } from './ancestry';
import { isFullSha } from './gitRunner';
import type { KeptContainment } from './keptContainment';
import { GitRepository } from './repository';

/**
 * Answers "does deployed commit D contain commit C?" for many C at once, and remembers the answers
 * (commits are immutable, so an answer never goes stale).
 *
 * Why `git rev-list --stdin` with `C1 C2 ... ^D`: it prints the commits reachable from any Ci but
 * not from D, in ONE process per D. Ci is an ancestor of D (or D itself) exactly when Ci is absent
 * from that output. The walk stops where D's history covers the candidates', so the cost is the
 * number of commits not yet deployed, not the size of the history; merges are handled by git's own
 * graph walk. Alternatives rejected: `merge-base --is-ancestor` is one process per pair (hundreds
 * per file); `for-each-ref --contains` / `branch --contains` need refs, i.e. writing to the repo.
 * Known limit: git's walk uses commit dates to stop early and tolerates a few commits of clock
 * skew; wildly skewed dates could make a contained commit look "not yet deployed", never the reverse.
 */
export class ContainmentCache {
  private readonly answers = new Map<string, Map<string, boolean | null>>();
  /** Commits found in this clone (see `existing`). */
  private readonly present = new Set<string>();
  /** The history behind the deployed commits last asked about (see AncestryGraph), keyed by them. */
  private graph?: { key: string; graph: Promise<AncestryGraph | undefined> };

  /** The answers of earlier sessions, read once before the first question. */
  private keptRead?: Promise<void>;

  constructor(
    private readonly options: {
      /** The largest history read into memory (AncestryGraph); beyond it, git is asked per deployed commit. */
      maxGraphCommits?: number;
      /** Answers kept between sessions: read before the first question, written after each that asked git. */
      kept?: KeptContainment;
    } = {},
  ) {}

  /** The oracle `core/deployStatus` reads (sync; undefined = not asked yet). */
  readonly lookup: ContainmentOracle = (deployed, commit) => this.answers.get(deployed)?.get(commit);

  /** Makes sure the answer for every (deployed, commit) pair is cached; one git process per deployed commit. */
  async ensure(
    repo: GitRepository,
    pairs: ReadonlyMap<string, Iterable<string>>,
    signal?: AbortSignal,
    /** Every deployed commit later rounds may ask about: the history is read once for all of them. */
    allDeployed: Iterable<string> = [],
  ): Promise<void> {
    await this.readKept();
    const work: Array<[string, string[]]> = [];
    for (const [deployed, commits] of pairs) {
      const missing = [...new Set(commits)].filter((c) => this.lookup(deployed, c) === undefined);
      if (missing.length > 0) {
        work.push([deployed, missing]);
      }
    }
    if (work.length === 0) {
      return;
    }
    await this.askGit(repo, work, allDeployed, signal);
    void this.options.kept?.keep(() => this.answers);
  }

  private async askGit(
    repo: GitRepository,
    work: ReadonlyArray<[string, string[]]>,
    allDeployed: Iterable<string>,
    signal?: AbortSignal,
  ): Promise<void> {
    const deployedTips = new Set([...work.map(([deployed]) => deployed), ...allDeployed]);
    const everything = new Set<string>([...deployedTips, ...work.flatMap(([, commits]) => commits)]);
    const present = await this.existing(repo, everything, signal);
    const graph = await this.graphFor(
      repo,
      [...deployedTips].filter((d) => present.has(d)),
      signal,
    );
    if (graph) {
      for (const [deployed, commits] of work) {
        for (const c of commits)
          this.store(deployed, c, present.has(c) && present.has(deployed) ? (graph.contains(deployed, c) ?? null) : null);
      }
      return;
    }
    await Promise.all(
      work.map(async ([deployed, commits]) => {
        const known = commits.filter((c) => present.has(c));
        for (const c of commits) {
          if (!present.has(c) || !present.has(deployed)) {
            this.store(deployed, c, null); // not in this clone: cannot tell (a later fetch may help, see forgetUnknown)
          }
        }
        if (!present.has(deployed) || known.length === 0) {
          return;
        }
        const out = await repo.git.text(['rev-list', '--stdin'], {
          stdin: [...known, `^${deployed}`].join('\n') + '\n',
          signal,
        });
        const notContained = new Set(out.split('\n'));
        for (const c of known) {
          this.store(deployed, c, !notContained.has(c));
        }
      }),
    );
  }

  private readKept(): Promise<void> {
    this.keptRead ??= (this.options.kept?.load() ?? Promise.resolve(new Map<string, Map<string, boolean>>())).then((kept) => {
      for (const [deployed, byCommit] of kept) for (const [commit, answer] of byCommit) this.store(deployed, commit, answer);
    });
    return this.keptRead;
  }

  /** Starts reading the history behind these deployed commits (e.g. while a blame runs), so the first answers find it read. */
  async warm(repo: GitRepository, deployed: Iterable<string>, signal?: AbortSignal): Promise<void> {
    const present = await this.existing(repo, [...deployed].filter(isFullSha), signal);
    await this.graphFor(repo, [...present], signal);
  }

  /**
   * One history for every deployed commit asked about so far: read again only when a new deployed
   * commit appears (a new deploy), then shared by every file and round.
   */
  private graphFor(repo: GitRepository, deployed: readonly string[], signal?: AbortSignal): Promise<AncestryGraph | undefined> {
    const known = this.graph?.key.split(',') ?? [];
    const all = [...new Set([...known.filter(Boolean), ...deployed])].sort();
    const key = all.join(',');
    if (this.graph?.key !== key) {
      const graph = AncestryGraph.read(repo, all, { signal, maxCommits: this.options.maxGraphCommits });
      // A failed or cancelled read is not kept: the next request reads again.
      graph.catch(() => {
        if (this.graph?.graph === graph) this.graph = undefined;
      });
      this.graph = { key, graph };
    }
    return this.graph.graph;
  }

  /**
   * Which of these commits this clone has: a commit once found stays (commits are immutable), so each
   * round and file asks git (one `cat-file --batch-check`) only about commits it has not seen.
   */
  private async existing(repo: GitRepository, commits: Iterable<string>, signal?: AbortSignal): Promise<Set<string>> {
    const asked = [...new Set(commits)];
    const unknown = asked.filter((c) => !this.present.has(c));
    if (unknown.length > 0) for (const c of await repo.existingCommits(unknown, signal)) this.present.add(c);
    return new Set(asked.filter((c) => this.present.has(c)));
  }

  /**
   * Commits git itself just named in this clone (a blame's, at HEAD): known present, so no
   * `cat-file` is asked about them (one process per batch of new commits while a first blame streams).
   */
  notePresent(commits: Iterable<string>): void {
    for (const c of commits) if (isFullSha(c)) this.present.add(c);
  }

  /**
   * Drops "cannot tell" answers (a deployed commit or a blamed one not in this clone), e.g. after a
   * fetch may have brought them. Returns how many were dropped.
   */
  forgetUnknown(): number {
    let dropped = 0;
    for (const byCommit of this.answers.values()) {
      for (const [commit, answer] of byCommit) {
        if (answer === null) {
          byCommit.delete(commit);
          dropped++;
        }
      }
    }
    return dropped;
  }

  get size(): number {
    let n = 0;
    for (const byCommit of this.answers.values()) {
      n += byCommit.size;
    }
    return n;
  }

  private store(deployed: string, commit: string, answer: boolean | null): void {
    let byCommit = this.answers.get(deployed);
    if (!byCommit) {
      byCommit = new Map();
      this.answers.set(deployed, byCommit);
    }
    byCommit.set(commit, answer);
  }
}

/**
 * The per-environment status of each commit (e.g. every commit of one file's blame), asking git only
 * what the cache does not know yet. Rounds: the running deploy first, then older live deploys only
 * for commits still contained, to find "since".
 */
export async function resolveCommitStatuses(
  repo: GitRepository,
  cache: ContainmentCache,
  commits: Iterable<string>,
  histories: readonly EnvironmentHistory[],
  options: { signal?: AbortSignal; maxDepth?: number } = {},
): Promise<Map<string, EnvironmentStatus[]>> {
  const maxDepth = options.maxDepth ?? DEFAULT_SINCE_DEPTH;
  const unique = [...new Set(commits)].filter((c) => isFullSha(c) && !/^0+$/.test(c));
  for (let round = 0; round <= maxDepth; round++) {
    const pending = pendingContainment(unique, histories, cache.lookup, maxDepth);
    if (pending.size === 0) {
      break;
    }
    await cache.ensure(
      repo,
      pending,
      options.signal,
      histories.flatMap((h) => h.live.map((e) => e.commit)),
    );
  }
  const result = new Map<string, EnvironmentStatus[]>();
  for (const commit of unique) {
    result.set(commit, commitStatus(commit, histories, cache.lookup, maxDepth));
  }
  return result;
}
