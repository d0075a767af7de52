/**
 * The Problems panel's source column for our entries, read like VS Code's own ("ts", "eslint"): `DevOps: incident`,
 * `DevOps: Alertmanager prod`. A word said twice in a row (an instance named after its service, "Alertmanager
 * alertmanager") is said once, and "DevOps" is not repeated.
 */
export function problemsSource(label: string): string {
  const words: string[] = [];
  for (const word of label.trim().split(/\s+/)) {
    if (word && word.toLowerCase() !== words.at(-1)?.toLowerCase()) words.push(word);
  }
  if (words[0]?.toLowerCase() === 'devops') words.shift();
  return words.length > 0 ? `DevOps: ${words.join(' ')}` : 'DevOps';
}
