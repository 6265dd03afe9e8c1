import type { FailureDetail } from './failure-detail';

/**
 * A provider's own text (DEXCHANGE's message, its code, a redirect's address) made inert for
 * every channel, before any channel renders it: e-mail and SMS (whose readers turn addresses
 * into links), the chat's markdown, Telegram's HTML, a webhook's JSON (which its receiver may
 * show). One rule for all, so that no channel is the one that forgot:
 *
 * - markup goes, its words stay: `[label](url)` and Slack's `<url|label>` keep the label, HTML
 *   tags (`<a href=...>`, `</b>`, `<!here>`) go, and so do `*`, `~`, backticks and underscores
 *   at the edge of a word (`**ici**`, `_ici_`), never those inside one (`EXPIRED_API_KEY`);
 * - an address that is left is shown inert, as security notices show them: `http` becomes
 *   `hxxp` and each dot of a host name or an IP address `[.]` (`hxxps://evil[.]example/x`), so
 *   no reader, mail client or phone makes a link of it, and it still says where it pointed;
 * - `@here`, `@channel`, `@everyone`, `@all` lose their `@`: a provider never pings a channel.
 *
 * It only removes and defangs: the provider's words and its code still read as they came.
 * Applying it twice changes nothing more. It is not an escape: each channel still escapes
 * its own format (Telegram's HTML, the chat's markdown) over the result.
 */
export function inertText(text: string): string {
  // Until none is left: taking one link or tag out can close another around it.
  let plain = text;
  for (let before = ''; before !== plain;) {
    before = plain;
    plain = plain
      .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
      .replace(/<[^<>|\n]*\|([^<>\n]*)>/g, '$1')
      .replace(/<[/!?\p{L}][^<>\n]*>/gu, ' ');
  }
  return (
    plain
      .replace(/[<>]/g, ' ')
      .replace(/[*~`]+/g, '')
      .replace(/(^|[^\p{L}\p{N}_])_+|_+(?![\p{L}\p{N}])/gu, '$1')
      .replace(/h(?:tt|xx)p(s?)(?=:\/\/)/gi, 'hxxp$1')
      // A dot inside a word, before a label with a letter (a host name, not "45.000"), and the
      // dots of an IP address.
      .replace(/(?<=[\p{L}\p{N}-])\.(?=[\p{L}\p{N}-]*\p{L})/gu, '[.]')
      .replace(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g, (ip) => ip.replace(/\./g, '[.]'))
      .replace(/@(here|channel|everyone|all)\b/gi, '$1')
      .replace(/ {2,}/g, ' ')
      .trim()
  );
}

/**
 * A failure's detail with every string that came from the provider made inert: its words, its
 * code, a redirect's address, a currency it named. The rest is the monitor's own (the secret's
 * name, the field of our schema, numbers).
 */
export function inertDetail(detail: FailureDetail): FailureDetail {
  return {
    ...detail,
    ...(detail.provider === undefined ? {} : { provider: inertText(detail.provider) }),
    ...(detail.providerCode === undefined ? {} : { providerCode: inertText(detail.providerCode) }),
    ...(detail.location === undefined ? {} : { location: inertText(detail.location) }),
    ...(detail.currency === undefined ? {} : { currency: inertText(detail.currency) }),
  };
}
