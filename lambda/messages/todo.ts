/**
 * One "what to do" block per message. A message that gathers several alerts (a HELD summary)
 * would otherwise repeat "À faire :" once per alert: their actions go under one heading, one
 * item each, each with the lines that came after it (how much to add, where, what it stops)
 * indented beneath it. Pure; the locale's catalog gives its own prefix and heading.
 */
export function oneTodoBlock(
  lines: readonly string[],
  prefix: string,
  heading: string,
): readonly string[] {
  const todos = lines.filter((line) => line.startsWith(prefix));
  if (todos.length < 2) return lines;
  const first = lines.findIndex((line) => line.startsWith(prefix));
  const items = lines
    .slice(first)
    .map((line) => (line.startsWith(prefix) ? `- ${line.slice(prefix.length)}` : `  ${line}`));
  return [...lines.slice(0, first), heading, ...items];
}
