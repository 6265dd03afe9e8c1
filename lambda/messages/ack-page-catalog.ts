/**
 * What the acknowledge page shows besides the acknowledgment itself (lambda/ack/page.ts): the
 * balance, the levels, how much to add, how to top up, the chart, when the others are told, and
 * the undo. One per locale, in each catalog's `ackPage`. Amounts and times come formatted; the
 * page keeps each on one line.
 */
export interface AckPageCatalog {
  readonly balanceTitle: string;
  /** "45 000 F CFA, lu le 7 déc. à 9 h 05" */
  readonly balanceNow: (amount: string, readAt: string) => string;
  /** No good reading in the state yet. */
  readonly noReading: string;
  readonly levelsTitle: string;
  readonly lowLevel: (amount: string) => string;
  readonly criticalLevel: (amount: string) => string;
  /** Without a critical threshold, CRITICAL means an empty balance. */
  readonly criticalEmpty: string;
  readonly recoveryLevel: (amount: string) => string;
  readonly toAddTitle: string;
  /** Back above LOW but below the recovery level: nothing to ask, the alert closes at `recovery`. */
  readonly recovering: (recovery: string) => string;
  readonly topUpTitle: string;
  readonly topUpLink: string;
  readonly contact: (contact: string) => string;
  readonly chartTitle: string;
  /** The chart told in words, for whoever cannot see it. */
  readonly chartDesc: (f: {
    readonly from: string;
    readonly to: string;
    readonly lowest: string;
    readonly highest: string;
    readonly forecast: boolean;
  }) => string;
  readonly chart: {
    readonly low: string;
    readonly critical: string;
    readonly recovery: string;
    readonly forecast: string;
    readonly hoursAgo: (hours: number) => string;
    readonly now: string;
  };
  /** `by` is "" when nobody gave a name. */
  readonly thanks: (by: string) => string;
  /**
   * When the others hear it (lambda/ack/others-told.ts): the next check, or the first after the
   * silence that holds it; channels at their hourly cap after `capEnds`; and what the page cannot
   * know, a channel's quiet hours (and the cap when none has held anything yet). `otherDay`: a
   * time on another day than today comes with its date ("8 déc. à 8 h 05").
   */
  readonly othersTold: (f: {
    readonly at: string;
    readonly silencedUntil?: string;
    readonly capEnds?: string;
    readonly otherDay: { readonly at: boolean; readonly silencedUntil: boolean };
  }) => string;
  /** Someone else took it: since when. */
  readonly takenBy: (who: string, at: string) => string;
  /** Taken by someone who gave no name. */
  readonly takenBySomeone: (at: string) => string;
  readonly undoButton: string;
  readonly undoUntil: (time: string) => string;
  readonly undoneTitle: string;
  /** `told`: the next check had already told the others. */
  readonly undone: (told: boolean) => string;
  /** The undo came after the window: the acknowledgment stands. */
  readonly undoTooLateTitle: string;
  readonly undoTooLate: (at: string, minutes: number) => string;
  /** Nobody had taken it: nothing changed. */
  readonly undoNothingTitle: string;
  readonly undoNothing: string;
}
