import { reminderIntervalMs, type ClaimStep } from '../claim-pass';

/**
 * Forgets the releases older than a reminder interval: past it, the channel has waited a whole
 * interval since it heard of the episode, and the next reminder is news again. First, so that
 * the reminders are weighed against the releases that still stand, and the record keeps only
 * those (with the ones this check makes).
 */
export const forgetOldReleases: ClaimStep = (pass, { now, options }) => {
  const repeatMs = reminderIntervalMs(options);
  return {
    ...pass,
    releases: pass.releases.filter((r) => now.getTime() - Date.parse(r.at) < repeatMs),
  };
};
