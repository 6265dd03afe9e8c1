/** The bench's statistics and its Markdown tables, ready for BENCHMARKS.md. */

export const median = (values: readonly number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.floor((s.length - 1) / 2)] ?? Number.NaN);
};

export const p95 = (values: readonly number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] ?? Number.NaN;
};

/** A Markdown table with its columns padded, as prettier writes it. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]) {
  const all = [header, ...rows];
  // Code points, as a reader counts them (the tables hold "×" and "→", no emoji).
  const width = (cell: string) => Array.from(cell).length;
  const widths = header.map((_, i) => Math.max(3, ...all.map((row) => width(row[i] ?? ''))));
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - width(cell))).join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
}
