/**
 * Tat messages → signals (pure). Labels become our labels and, through the label → state map, the
 * normalised state; tags become our tags (`key:value`, key lower case) and, for `commit:`, `branch:`,
 * `env:`, `repo:` and `file:`, anchors (tagAnchors.ts). What the tags and labels say about the
 * lifecycle picks the kind, and so the phase view (`phaseOfMessage`); every message is in the Timeline.
 * Replies, likes and the author go to `detail` for the details panel. All remote text goes through
 * `plainText`.
 */
import { plainText } from '../../core/plainText';
import { signalId, type NormalState, type Phase, type Signal, type SignalKind } from '../../core/signal';
import { stateFromLabels } from './labelStates';
import { anchorsFromTags } from './tagAnchors';
import type { TatMessage } from './types';

export const MAX_TITLE_CHARS = 200;
export const MAX_TEXT_CHARS = 4000;
const MAX_REPLIES = 30;
const MAX_TAGS = 50;

export interface TatMappingContext {
  sourceId: string;
  topic: string;
  labelStates?: Readonly<Record<string, NormalState>>;
}

const KIND_OF_PHASE: Record<Phase, SignalKind> = {
  plan: 'workItem',
  code: 'pullRequest',
  build: 'pipelineRun',
  deploy: 'deployment',
  monitor: 'alert',
};

const PHASE_TAG_KEYS: ReadonlyArray<[Phase, readonly string[]]> = [
  ['monitor', ['alert', 'alertname', 'incident', 'severity', 'monitor']],
  ['deploy', ['deploy', 'deployment', 'release']],
  ['build', ['pipeline', 'build', 'job', 'ci', 'test']],
  ['code', ['pr', 'mr', 'pullrequest', 'review']],
  ['plan', ['issue', 'task', 'story', 'sprint', 'epic']],
];
const PHASE_LABELS: ReadonlyArray<[Phase, readonly string[]]> = [
  ['monitor', ['firing', 'alert', 'incident', 'outage', 'silenced']],
  ['deploy', ['deployed', 'deploying', 'rollback', 'rolled-back', 'rolledback', 'release']],
  ['build', ['build', 'building', 'pipeline', 'ci', 'tests', 'passed']],
  ['code', ['review', 'merged', 'approved']],
  ['plan', ['todo', 'doing', 'backlog', 'sprint']],
];

/**
 * The phase a message is about: an explicit `phase:<name>` tag, else the first phase whose tag keys
 * or labels the message carries (monitor before deploy before build…, the most urgent first); else
 * none (Timeline only).
 */
export function phaseOfMessage(tags: readonly string[], labels: readonly string[]): Phase | undefined {
  const keys = new Set(tags.map((t) => (t.includes(':') ? t.slice(0, t.indexOf(':')) : t).toLowerCase()));
  const explicit = tags
    .find((t) => t.toLowerCase().startsWith('phase:'))
    ?.slice(6)
    .toLowerCase();
  if (explicit && explicit in KIND_OF_PHASE) return explicit as Phase;
  const lower = new Set(labels.map((l) => l.toLowerCase()));
  for (const [phase, words] of PHASE_TAG_KEYS) if (words.some((w) => keys.has(w))) return phase;
  for (const [phase, words] of PHASE_LABELS) if (words.some((w) => lower.has(w))) return phase;
  return undefined;
}

/** What Tat lets a tag hold (its hashtag characters): nothing there can be markup, so such a tag needs no cleaning. */
const TAT_TAG = /^[\p{L}\p{M}\p{Nd}/._\-:+@?&~=,%]{1,300}$/u;

/** Our own tag form: `key:value` with the key lower case; a plain tag is kept as it is. */
function normaliseTag(raw: string): string {
  const t = TAT_TAG.test(raw) ? raw : plainText(raw, 300).replace(/\s/g, '');
  const colon = t.indexOf(':');
  return colon > 0 ? `${t.slice(0, colon).toLowerCase()}:${t.slice(colon + 1)}` : t;
}

/** The message's text for a title: one line, `#tags` left out when they trail it. */
export function titleOf(text: string): string {
  const firstLine = text.split('\n', 20).find((l) => l.trim() !== '') ?? '';
  // Trailing `#tag` words dropped by a scan from the end (a regex with nested repeats backtracks on long lines).
  const words = firstLine.trim().split(/\s+/);
  let end = words.length;
  while (end > 0 && words[end - 1].startsWith('#')) end--;
  const shown = end > 0 ? words.slice(0, end).join(' ') : firstLine;
  return plainText(shown.slice(0, MAX_TITLE_CHARS * 2), MAX_TITLE_CHARS) || '(empty message)';
}

export function mapMessage(message: TatMessage, ctx: TatMappingContext): Signal {
  const labels = (message.labels ?? []).map((l) => cleanLabel(String(l?.text ?? ''))).filter((l) => l !== '');
  const tags = [
    ...new Set(
      (message.tags ?? [])
        .slice(0, MAX_TAGS)
        .map((t) => normaliseTag(String(t)))
        .filter((t) => t !== ''),
    ),
  ];
  // `environment:` is also known by our short key, so the Timeline filter finds it either way.
  for (const t of tags) if (t.startsWith('environment:') && !tags.includes(`env:${t.slice(12)}`)) tags.push(`env:${t.slice(12)}`);
  const phase = ours(tags) ? undefined : phaseOfMessage(tags, labels);
  let kind: SignalKind = phase ? KIND_OF_PHASE[phase] : 'message';
  if (kind === 'alert' && (labels.some((l) => l.toLowerCase() === 'incident') || tags.some((t) => t.startsWith('incident:'))))
    kind = 'incident';
  const state = stateFromLabels(labels, ctx.labelStates) ?? { normal: defaultState(kind), native: '' };
  const author = message.author ? plainText(message.author.fullname || message.author.username || '', 100) : undefined;
  const created = seconds(message.dateCreation);
  const replies = (message.replies ?? []).slice(0, MAX_REPLIES).map((r) => ({
    author: plainText(r.author?.fullname || r.author?.username || '', 100),
    text: plainText(String(r.text ?? ''), 1000),
    at: seconds(r.dateCreation),
  }));
  const url = (message.urls ?? []).find((u) => typeof u === 'string' && /^https?:\/\//i.test(u) && u.length < 2048);
  return {
    // The kind inside the id stays `message`: a message relabelled into another phase keeps its identity.
    id: signalId(ctx.sourceId, 'message', message._id),
    source: ctx.sourceId,
    kind,
    title: titleOf(String(message.text)),
    state,
    ...(url ? { url } : {}),
    ...(author ? { author } : {}),
    createdAt: created,
    updatedAt: Math.max(created, seconds(message.dateUpdate)),
    labels,
    tags,
    anchors: anchorsFromTags(tags),
    detail: {
      tat: {
        topic: ctx.topic,
        id: /^[\w-]{1,100}$/.test(message._id) ? message._id : plainText(message._id, 100),
        // The whole text, for the details panel (which shows it as text, sanitised); bounded here.
        text: String(message.text).slice(0, MAX_TEXT_CHARS),
        author: message.author ? { username: plainText(message.author.username ?? '', 100), fullname: author ?? '' } : undefined,
        likes: typeof message.nbLikes === 'number' ? message.nbLikes : (message.likers?.length ?? 0),
        likers: (message.likers ?? []).slice(0, 50).map((l) => plainText(String(l), 100)),
        replies,
        nbReplies: Math.max(typeof message.nbReplies === 'number' ? message.nbReplies : 0, replies.length),
      },
    },
  };
}

/** A label of plain word characters is kept as it is; anything else goes through plainText. */
function cleanLabel(text: string): string {
  return /^[\w.:/-]{1,100}$/.test(text) ? text : plainText(text, 100);
}

/** A report this extension posted (`#report:<id>`): the git journal shows it already in its phase. */
function ours(tags: readonly string[]): boolean {
  return tags.some((t) => t.startsWith('report:'));
}

function defaultState(kind: SignalKind): NormalState {
  if (kind === 'incident' || kind === 'workItem' || kind === 'pullRequest') return 'open';
  if (kind === 'alert') return 'firing';
  return 'unknown';
}

function seconds(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : 0;
}
