/** A duration for a metric tile: "42 min", "5.3 h", "2.1 d" (one unit, one decimal: tiles are read at a glance). */
export function span(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 60) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 24) return `${round1(hours)} h`;
  return `${round1(hours / 24)} d`;
}

export function percent(rate: number): string {
  return `${round1(rate * 100)}%`;
}

function round1(n: number): string {
  return (Math.round(n * 10) / 10).toFixed(1).replace(/\.0$/, '');
}
