/**
 * What Telegram shows the person who pressed "I'm on it" (answerCallbackQuery's text: at most
 * 200 characters, a short notice over the chat). One per locale, in each catalog's `button`.
 * The others hear it from the ACKNOWLEDGED the next check sends.
 */
export interface ButtonCatalog {
  /** Recorded: `name` as the others will read it ('' when Telegram gave none). */
  readonly taken: (name: string) => string;
  /** Someone took it already (`by` '' when nobody said a name). */
  readonly already: (by: string) => string;
  /** The alert is over (recovered, or another alert since). */
  readonly ended: string;
  /** Past ACK_TTL_HOURS: the button no longer works. */
  readonly expired: string;
  /** Not a button of ours, or not for this chat. */
  readonly refused: string;
}
