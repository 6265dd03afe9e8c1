/** Silences: at most a week; longer, the monitor is off, which is a decision for the stack. */
export const MAX_SILENCE_MINUTES = 7 * 24 * 60;
