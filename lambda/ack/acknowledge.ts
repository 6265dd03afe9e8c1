import type { AlertState } from '../alerting/state';
import type { Locale } from '../alerting/types';
import { updateState } from '../check/update-state';
import { catalogOf } from '../messages/locales/all';
import type { TopUpHelp } from '../messages/draft';
import { clockTime, dateTime, timeNear } from '../messages/words';
import type { RecordBody } from '../stores/record';
import type { StateStore } from '../stores/state-store';
import type { AccountView } from './account-view';
import { pageFigures } from './figures';
import { othersTold } from './others-told';
import {
  confirmPage,
  donePage,
  PAGE_HEADERS,
  refusalPage,
  undonePage,
  undoRefusedPage,
  type AckSubject,
  type Refusal,
  type Taken,
} from './page';
import { covered, openEpisodeOf, takeEpisode, type OpenEpisode } from './take-episode';
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
  /** The link key; undefined while none was ever made (no link exists): every token is refused. */
  readonly key: () => Promise<string | undefined>;
  /** The state of one account. */
  readonly store: (account: string) => StateStore;
  readonly now: () => Date;
  readonly timeZone: string;
  /** Told what an account's record needed healing when the page saved over it. */
  readonly stateHealed: (account: string, problems: readonly string[]) => void;
  /** How to top up an account, from the deploy config; none: the page says nothing of it. */
  readonly topUp?: (account: string) => TopUpHelp | undefined;
}

/**
 * How long "I'm on it" can be undone from the page: a mis-tap is noticed at once, and after
 * this long the others have heard it at a check and act on it.
 */
export const UNDO_MINUTES = 10;

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
    sinceAt: dateTime(since, claim.locale, timeZone),
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
  const key = await deps.key();
  const verdict =
    key === undefined
      ? ({ ok: false, reason: 'tampered' } as const)
      : verifyAck(token, key, Math.floor(now.getTime() / 1000));
  if (!verdict.ok) return refuse(verdict.locale, verdict.reason);
  const { claim } = verdict;
  const store = deps.store(claim.account);
  const { locale } = claim;
  const topUp = deps.topUp?.(claim.account);
  const viewOf = (state: AlertState | undefined): AccountView => ({
    figures: pageFigures(state, now),
    timeZone: deps.timeZone,
    ...(topUp === undefined ? {} : { topUp }),
  });
  const near = (iso: string) => timeNear(iso, now.toISOString(), locale, deps.timeZone);
  const today = (iso: string) => near(iso) === clockTime(iso, locale, deps.timeZone);
  /** When the others hear it, as the page says it (others-told.ts). */
  const toldOf = (
    state: AlertState,
    record: RecordBody | undefined,
    open: OpenEpisode,
  ): Taken['told'] => {
    const about = open.kind === 'failure' ? 'FAILING' : open.episode.level;
    const told = othersTold(state, record?.outbox ?? [], about, now);
    if (told === undefined) return undefined;
    return {
      at: near(told.at),
      ...(told.silencedUntil === undefined ? {} : { silencedUntil: near(told.silencedUntil) }),
      ...(told.capEnds === undefined ? {} : { capEnds: near(told.capEnds) }),
      otherDay: {
        at: !today(told.at),
        silencedUntil: told.silencedUntil !== undefined && !today(told.silencedUntil),
      },
    };
  };
  /** The acknowledgment an episode carries, as the page tells it. */
  const takenOf = (
    state: AlertState,
    record: RecordBody | undefined,
    open: OpenEpisode,
    already: boolean,
  ): Taken => {
    const taken = open.episode;
    const at = taken.acknowledgedAt ?? now.toISOString();
    const until = Date.parse(at) + UNDO_MINUTES * 60_000;
    const told = toldOf(state, record, open);
    return {
      by: taken.acknowledgedBy ?? '',
      at: near(at),
      already,
      ...(told === undefined ? {} : { told }),
      ...(until >= now.getTime() ? { undoUntil: near(new Date(until).toISOString()) } : {}),
    };
  };

  if (method === 'GET') {
    const record = (await store.load(now)).record;
    const state = record?.state;
    const open = openEpisodeOf(state, claim.episode);
    if (state === undefined || open === undefined) return refuse(locale, 'ended');
    const subject = subjectOf(claim, state, deps.timeZone);
    if (covered(open))
      return respond(
        200,
        donePage(locale, subject, token, takenOf(state, record, open, true), viewOf(state)),
      );
    return respond(200, confirmPage(locale, subject, token, viewOf(state)));
  }

  const healed = (problems: readonly string[]) => {
    deps.stateHealed(claim.account, problems);
  };
  if (form?.get('undo') === '1')
    return undo(claim, store, now, healed, token, viewOf, near, deps.timeZone);

  const name = cleanName(form?.get('name') ?? undefined);
  type Outcome =
    | { readonly kind: 'ended' }
    | {
        readonly kind: 'done';
        readonly taken: Taken;
        readonly subject: AckSubject;
        readonly state: AlertState;
      };
  const outcome = await updateState<Outcome>(store, now, 'ack', healed, (state, record) => {
    const open = openEpisodeOf(state, claim.episode);
    if (state === undefined || open === undefined) return { result: { kind: 'ended' } };
    const subject = subjectOf(claim, state, deps.timeZone);
    if (covered(open))
      return {
        result: { kind: 'done', taken: takenOf(state, record, open, true), subject, state },
      };
    // (A LOW taken before it fell to CRITICAL is taken again: announced again, to CRITICAL's
    // audience this time.)
    const next = takeEpisode(state, open, name, now);
    const taken = takenOf(next, record, openEpisodeOf(next, claim.episode) ?? open, false);
    return { state: next, result: { kind: 'done', taken, subject, state: next } };
  });
  if (outcome.kind === 'ended') return refuse(locale, 'ended');
  return respond(
    200,
    donePage(locale, outcome.subject, token, outcome.taken, viewOf(outcome.state)),
  );
}

/**
 * "Undo", within UNDO_MINUTES of the acknowledgment: the episode is no longer taken, so its
 * reminders go out again at their usual times and escalation runs on, as if nobody had answered
 * (an ACKNOWLEDGED not yet announced never goes). Written with
 * the same version condition as the acknowledgment; past the window it says why not.
 */
async function undo(
  claim: AckClaim,
  store: StateStore,
  now: Date,
  healed: (problems: readonly string[]) => void,
  token: string,
  viewOf: (state: AlertState | undefined) => AccountView,
  near: (iso: string) => string,
  timeZone: string,
): Promise<AckResponse> {
  type Outcome =
    | { readonly kind: 'ended' }
    | { readonly kind: 'nothing'; readonly state: AlertState }
    | { readonly kind: 'late'; readonly at: string; readonly state: AlertState }
    | { readonly kind: 'undone'; readonly told: boolean; readonly state: AlertState };
  const outcome = await updateState<Outcome>(store, now, 'ack-undo', healed, (state) => {
    const open = openEpisodeOf(state, claim.episode);
    if (state === undefined || open === undefined) return { result: { kind: 'ended' } };
    const at = open.episode.acknowledgedAt;
    if (at === undefined) return { result: { kind: 'nothing', state } };
    if (now.getTime() - Date.parse(at) > UNDO_MINUTES * 60_000)
      return { result: { kind: 'late', at, state } };
    const next = withoutAcknowledgment(state, open.kind, claim.episode);
    return {
      state: next,
      result: { kind: 'undone', told: open.episode.ackAnnounced === true, state: next },
    };
  });
  if (outcome.kind === 'ended') return refuse(claim.locale, 'ended');
  const subject = subjectOf(claim, outcome.state, timeZone);
  if (outcome.kind === 'undone')
    return respond(
      200,
      undonePage(claim.locale, subject, token, outcome.told, viewOf(outcome.state)),
    );
  return respond(
    409,
    undoRefusedPage(
      claim.locale,
      subject,
      outcome.kind === 'late'
        ? { kind: 'late', at: near(outcome.at), minutes: UNDO_MINUTES }
        : { kind: 'nothing' },
    ),
  );
}

interface AckFields {
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  ackAnnounced?: boolean;
  acknowledgedLevel?: 'LOW' | 'CRITICAL';
}

/** The state as if nobody had taken the episode: its escalation run is unanswered again too. */
function withoutAcknowledgment(
  state: AlertState,
  kind: 'balance' | 'failure',
  episodeId: string,
): AlertState {
  const strip = <T extends AckFields>(episode: T): T => {
    const rest = { ...episode };
    delete rest.acknowledgedAt;
    delete rest.acknowledgedBy;
    delete rest.ackAnnounced;
    delete rest.acknowledgedLevel;
    return rest;
  };
  const escalations = state.escalations?.map((run) => {
    if (run.episode !== episodeId) return run;
    const rest = { ...run };
    delete rest.acknowledged;
    return rest;
  });
  const next: AlertState =
    kind === 'balance' && state.episode !== undefined
      ? { ...state, episode: strip(state.episode) }
      : kind === 'failure' && state.failure !== undefined
        ? { ...state, failure: strip(state.failure) }
        : state;
  return escalations === undefined ? next : { ...next, escalations };
}
