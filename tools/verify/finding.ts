/**
 * What `npm run verify` found, one line each: a section of the report, an outcome, what was
 * seen, and for anything not ok the command or step that fixes it.
 */

export const SECTIONS = [
  'stack',
  'schedules',
  'subscriptions',
  'test alert',
  'alarms',
  'check',
] as const;
export type Section = (typeof SECTIONS)[number];

/**
 * `fail`: reach is broken, the exit code says so. `warn`: it works today but can break
 * silently (an address one click can remove). `note`: worth knowing, nothing to fix.
 */
export type Outcome = 'ok' | 'fail' | 'warn' | 'note';

export interface Finding {
  readonly section: Section;
  readonly outcome: Outcome;
  readonly what: string;
  readonly fix?: string;
}

export const ok = (section: Section, what: string): Finding => ({ section, outcome: 'ok', what });
export const note = (section: Section, what: string): Finding => ({
  section,
  outcome: 'note',
  what,
});
export const fail = (section: Section, what: string, fix: string): Finding => ({
  section,
  outcome: 'fail',
  what,
  fix,
});
export const warn = (section: Section, what: string, fix: string): Finding => ({
  section,
  outcome: 'warn',
  what,
  fix,
});

/** A reason verify cannot run at all (no credentials, no stack): exit code 2, no report. */
export class VerifyStopped extends Error {
  override readonly name = 'VerifyStopped';
}

/** One argument for a POSIX shell, quoted so that it is copied and pasted as is. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
