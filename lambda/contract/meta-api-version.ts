/**
 * The Graph API version SendWhatsAppMessage names (`metaApiVersion`): End User Messaging Social
 * passes the message to Meta's Cloud API at that version, and Meta stops serving a version at a
 * fixed date. These dates are Meta's, as its Graph API changelog gives them ("Available Until");
 * a version Meta has not dated yet is absent. Read on 7 December 2026.
 *
 * The pinned default is the version the monitor sends with unless the deploy config says
 * otherwise (`whatsappMetaApiVersion`). test/unit/meta-api-version.test.ts fails 90 days before
 * its date, on the real clock: then move META_API_VERSION to a newer version listed here (add
 * Meta's newest dates first), after checking that End User Messaging Social lists it among its
 * supported versions (AWS General Reference, its service endpoints page).
 */

/** Meta's end of availability per version, `YYYY-MM-DD` (UTC). */
export const META_API_AVAILABLE_UNTIL: Readonly<Record<string, string>> = {
  'v19.0': '2026-05-21',
  'v20.0': '2026-09-24',
  'v21.0': '2027-01-21',
  'v22.0': '2027-05-20',
  'v23.0': '2027-10-08',
  'v24.0': '2028-02-18',
  'v25.0': '2028-07-29',
};

/** What the monitor sends with by default. */
export const META_API_VERSION = 'v23.0';

/** The shape SendWhatsAppMessage takes: `v{major}.{minor}`. */
export const META_API_VERSION_PATTERN = /^v\d+\.\d+$/;
export const META_API_VERSION_RULE = 'must be a Graph API version such as v23.0';

/** The end of availability of a version, when Meta has dated it. */
export function availableUntil(version: string): Date | undefined {
  const day = META_API_AVAILABLE_UNTIL[version];
  return day === undefined ? undefined : new Date(`${day}T00:00:00Z`);
}

/** True when Meta no longer serves the version at `now`. Undated versions are served. */
export function metaApiVersionExpired(version: string, now: Date): boolean {
  const until = availableUntil(version);
  return until !== undefined && now.getTime() >= until.getTime();
}

/**
 * Why a configured version cannot be sent with at `now`, or undefined when it can: a version
 * past its date, or older than every version listed here (all ended before this table began).
 */
export function metaApiVersionProblem(version: string, now: Date): string | undefined {
  const until = META_API_AVAILABLE_UNTIL[version];
  if (until !== undefined && metaApiVersionExpired(version, now))
    return `${version} is no longer served by Meta (since ${until}): every WhatsApp alert would be refused; use ${META_API_VERSION} or a newer version End User Messaging Social supports`;
  const major = (v: string) => Number(/^v(\d+)/.exec(v)?.[1] ?? Number.NaN);
  const oldest = Math.min(...Object.keys(META_API_AVAILABLE_UNTIL).map(major));
  if (major(version) < oldest)
    return `${version} is older than any version Meta still serves: use ${META_API_VERSION} or newer`;
  return undefined;
}
