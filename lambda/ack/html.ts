/** Text made safe for HTML, in an element or an attribute. */
export const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/**
 * A sentence of the catalog with some of its values kept on one line: the sentence is built
 * with markers in their place, escaped, then each marker becomes its value, escaped, in a
 * `nowrap` span. (A time such as "9 h 05" must never break as "9 / h 05".)
 */
export function withUnbroken(
  sentence: (...values: string[]) => string,
  ...values: readonly string[]
): string {
  const markers = values.map((_, i) => `\u0000${i}\u0000`);
  let html = escapeHtml(sentence(...markers));
  values.forEach((value, i) => {
    html = html.replace(
      markers[i] ?? '',
      `<span class="nw">${escapeHtml(value.replace(/ /g, '\u00a0'))}</span>`,
    );
  });
  return html;
}
