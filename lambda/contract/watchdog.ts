/**
 * What the stack and the watchdog share: how often a quiet check saves, the watchdog's own item
 * key, and the shape of the list its schedule's input carries.
 */

/** A check with nothing new saves at least this often, so its `updatedAt` lags at most this. */
export const SAVE_EVERY_MINUTES = 15;

/**
 * The watchdog's own item in the state table (when it first saw each account without one).
 * Account names cannot contain '#', so it never meets an account's item.
 */
export const WATCHDOG_ITEM_KEY = '#watchdog';

export interface WatchedAccount {
  readonly account: string;
  /** No completed check for longer than this is overdue (window + saving interval). */
  readonly overdueAfterMinutes: number;
}
