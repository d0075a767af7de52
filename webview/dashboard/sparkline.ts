import { svg } from './dom';

/**
 * A tile's sparkline as a small SVG polyline: no library needed for 15 points, and its colour is
 * `currentColor` from CSS, so it follows the theme (high contrast included) with no inline style.
 * Gaps (no value in a bucket) break the line.
 */
export function sparkline(values: ReadonlyArray<number | null>, label: string): SVGSVGElement {
  const width = 120;
  const height = 28;
  const node = svg('svg', {
    class: 'spark',
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': label,
    preserveAspectRatio: 'none',
  });
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return node;
  const max = Math.max(...present);
  const min = Math.min(0, ...present);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const y = (v: number) => (max === min ? height / 2 : height - 2 - ((v - min) / (max - min)) * (height - 4));
  let run: string[] = [];
  const flush = () => {
    if (run.length === 1) node.append(svg('circle', { cx: run[0].split(',')[0], cy: run[0].split(',')[1], r: '1.5' }));
    if (run.length > 1) node.append(svg('polyline', { points: run.join(' ') }));
    run = [];
  };
  values.forEach((v, i) => (v === null ? flush() : run.push(`${(i * step).toFixed(1)},${y(v).toFixed(1)}`)));
  flush();
  return node;
}
