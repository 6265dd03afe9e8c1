import { acknowledgmentCovers } from '../alerting/policy';
import type { AlertState } from '../alerting/state';
import type { Locale } from '../alerting/types';
import { updateState } from '../check/update-state';
import { catalogOf } from '../messages/locales/all';
import { dateTime } from '../messages/words';
import type { StateStore } from '../stores/state-store';
import {
  confirmPage,
  donePage,
  PAGE_HEADERS,
  refusalPage,
  type AckSubject,
  type Refusal,
} from './page';
import { verifyAck, type AckClaim } from './token';

/**
 * The acknowledge page's logic, whatever serves it (the Lambda Function URL, or the local
 * server of `npm start` and the tests): GET shows what is being acknowledged and a button; only
 * POST records it, so that mail scanners and link previews, which follow links, never do. The
 * token is checked before anything is read; the episode must still be open.
 */

export interface AckRequest {
  readonly method: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The body, decoded (a form: application/x-www-form-urlencoded). */
  readonly body: string;
}

export interface AckResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface AckDeps {
  readonly key: () => Promise<string>;
  /** The state of one account. */
  readonly store: (account: string) => StateStore;
  readonly now: () => Date;
  readonly timeZone: string;
  /** Told what an account's record needed healing when the page saved over it. */
  readonly stateHealed: (account: string, problems: readonly string[]) => void;
}

const respond = (statusCode: number, body: string): AckResponse => ({
  statusCode,
  headers: PAGE_HEADERS,
  body,
});

const refuse = (locale: Locale | undefined, reason: Refusal) =>
  respond(
    reason === 'expired' || reason === 'ended' ? 410 : reason === 'method' ? 405 : 400,
    refusalPage(locale, reason),
  );

/** The open episode the claim is about, or undefined when it has ended. */
function episodeOf(state: AlertState | undefined, claim: AckClaim) {
  const [kind, since] = [claim.episode.slice(0, 2), claim.episode.slice(2)];
  if (kind === 'b:' && state?.episode?.since === since)
    return { kind: 'balance' as const, episode: state.episode };
  if (kind === 'f:' && state?.failure?.since === since && state.failure.alertedAt !== undefined)
    return { kind: 'failure' as const, episode: state.failure };
  return undefined;
}

/** Whether the episode is acknowledged at its current level (policy.ts). */
function covered(open: NonNullable<ReturnType<typeof episodeOf>>): boolean {
  return open.kind === 'balance'
    ? acknowledgmentCovers(open.episode)
    : open.episode.acknowledgedAt !== undefined;
}

function subjectOf(claim: AckClaim, state: AlertState | undefined, timeZone: string): AckSubject {
  const say = catalogOf(claim.locale).ack;
  const since = claim.episode.slice(2);
  const about = claim.episode.startsWith('f:')
    ? 'FAILING'
    : state?.episode?.level === 'CRITICAL'
      ? 'CRITICAL'
      : 'LOW';
  return {
    account: claim.account,
    about,
    what: say.what[about],
    since: say.since(dateTime(since, claim.locale, timeZone)),
  };
}

/**
 * The name as the others will read it: letters (any script), spaces, - and ' only, at most
 * 40 characters cut between characters. Whoever holds a link types it, and it goes to every
 * channel: no link, markup or digit (a phone number, an amount) can ride along.
 */
export function cleanName(raw: string | undefined): string {
  const kept = (raw ?? '')
    .normalize('NFC')
    .replace(/[^\p{L}\p{M} '’-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return Array.from(kept).slice(0, 40).join('').trim();
}

export async function handleAck(request: AckRequest, deps: AckDeps): Promise<AckResponse> {
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'POST') return refuse(undefined, 'method');
  const form = method === 'POST' ? new URLSearchParams(request.body) : undefined;
  const token = (form?.get('t') ?? request.query.t ?? '').trim();
  const now = deps.now();
  const verdict = verifyAck(token, await deps.key(), Math.floor(now.getTime() / 1000));
  if (!verdict.ok) return refuse(verdict.locale, verdict.reason);
  const { claim } = verdict;
  const store = deps.store(claim.account);

  if (method === 'GET') {
    const state = (await store.load(now)).record?.state;
    const open = episodeOf(state, claim);
    if (open === undefined) return refuse(claim.locale, 'ended');
    const subject = subjectOf(claim, state, deps.timeZone);
    if (covered(open))
      return respond(200, donePage(claim.locale, subject, open.episode.acknowledgedBy ?? '', true));
    return respond(200, confirmPage(claim.locale, subject, token));
  }

  const name = cleanName(form?.get('name') ?? undefined);
  type Outcome =
    | { readonly kind: 'ended' }
    | { readonly kind: 'already' | 'done'; readonly by: string; readonly subject: AckSubject };
  const healed = (problems: readonly string[]) => {
    deps.stateHealed(claim.account, problems);
  };
  const outcome = await updateState<Outcome>(store, now, 'ack', healed, (state) => {
    const open = episodeOf(state, claim);
    if (state === undefined || open === undefined) return { result: { kind: 'ended' } };
    const subject = subjectOf(claim, state, deps.timeZone);
    if (covered(open))
      return {
        result: { kind: 'already' as const, by: open.episode.acknowledgedBy ?? '', subject },
      };
    // (A LOW taken before it fell to CRITICAL is taken again: announced again, to CRITICAL's
    // audience this time.)
    const acknowledged = {
      acknowledgedAt: now.toISOString(),
      acknowledgedBy: name,
      ackAnnounced: false,
    };
    const next: AlertState =
      open.kind === 'balance'
        ? {
            ...state,
            episode: { ...open.episode, ...acknowledged, acknowledgedLevel: open.episode.level },
          }
        : { ...state, failure: { ...open.episode, ...acknowledged } };
    return { state: next, result: { kind: 'done', by: name, subject } };
  });
  if (outcome.kind === 'ended') return refuse(claim.locale, 'ended');
  return respond(
    200,
    donePage(claim.locale, outcome.subject, outcome.by, outcome.kind === 'already'),
  );
}
