import type { DetailsContributor } from '../../core/details/item';
import type { DetailsRow, DetailsSection } from '../../core/details/protocol';

interface TatDetail {
  topic?: string;
  text?: string;
  author?: { username?: string; fullname?: string };
  likes?: number;
  likers?: string[];
  replies?: Array<{ author?: string; text?: string; at?: number }>;
  nbReplies?: number;
}

/**
 * What the details panel adds for a Tat message: its topic, author, labels, tags and likes, the
 * whole text, and its replies (author, when, text). Everything is shown as text (the page escapes it).
 */
export function tatDetailsContributor(): DetailsContributor {
  return (signal) => {
    if (!signal.source.startsWith('tat:')) return undefined;
    const d = (signal.detail?.tat ?? {}) as TatDetail;
    const rows: DetailsRow[] = [
      { label: 'Topic', value: String(d.topic ?? '') },
      { label: 'Author', value: d.author ? `${d.author.fullname || d.author.username} (${d.author.username})` : 'unknown' },
      { label: 'Labels', value: signal.labels.join(', ') || '—' },
      { label: 'Tags', value: signal.tags.join(' ') || '—' },
      { label: 'Likes', value: `${d.likes ?? 0}${d.likers?.length ? ` (${d.likers.join(', ')})` : ''}` },
    ];
    const sections: DetailsSection[] = [{ title: 'Tat message', rows }];
    if (d.text) sections.push({ title: 'Text', rows: [{ label: 'Message', value: d.text }] });
    const replies = d.replies ?? [];
    if (replies.length) {
      sections.push({
        title: `Replies (${Math.max(d.nbReplies ?? 0, replies.length)})`,
        rows: replies.map((r) => ({
          label: `${r.author || 'someone'}${r.at ? ` · ${new Date(r.at).toLocaleString()}` : ''}`,
          value: String(r.text ?? ''),
        })),
      });
    }
    return { sections };
  };
}
