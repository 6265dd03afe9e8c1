import { describe, expect, it } from 'vitest';
import { accountSection } from '../../lambda/ack/account-view';
import { pageFigures } from '../../lambda/ack/figures';
import { encodeHistory } from '../../lambda/alerting/history';
import type { AlertState } from '../../lambda/alerting/state';
import { SCENE_NOW, sceneState } from '../../tools/ack-page-scene';

/**
 * What the acknowledge page shows of the account, from the state the check keeps: the amounts
 * to add (the policy's own computation), nothing asked in the recovery band, an older record
 * without the levels shown for what it has, the chart's lines, and its words.
 */

const ZONE = 'Africa/Dakar';
const text = (html: string) =>
  html
    .replace(/<\/?span[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
const section = (state: AlertState | undefined, locale: 'en' | 'fr' = 'en') =>
  accountSection(locale, { figures: pageFigures(state, SCENE_NOW), timeZone: ZONE });

describe("the acknowledge page's figures", () => {
  it('asks for the minimum up to the recovery level and advises a day at the pace, as the alerts do', () => {
    const figures = pageFigures(sceneState(), SCENE_NOW);
    // 52,500 - 45,000, exact to the franc, as the alerts say it.
    expect(figures.toAdd).toEqual({ minimum: 7500, advised: 140_000, hours: 24 });
    expect(figures.forecast?.to.balance).toBe(0);
    expect(text(section(sceneState()))).toContain(
      'Minimum XOF 7,500 to close the alert; advised XOF 140,000 to cover 24 hours at the current pace.',
    );
  });

  it('in the recovery band, asks for nothing and says where the alert ends', () => {
    const state = sceneState();
    const back: AlertState = {
      ...state,
      last: { balance: 51_000, currency: 'XOF', at: state.last?.at ?? '' },
    };
    const shown = text(section(back));
    expect(shown).toContain(
      'The balance is back above the threshold; the alert closes once it reaches XOF 52,500.',
    );
    expect(shown).not.toContain('Minimum');
  });

  it('a record saved before the levels were kept shows the balance and the chart, no levels or amounts', () => {
    const older = sceneState();
    delete older.limits;
    const html = section(older);
    expect(text(html)).toContain('XOF 45,000, read Dec 7, 2:45 pm.');
    expect(html).not.toContain('Thresholds');
    expect(html).not.toContain('Minimum');
    expect(html).toContain('<svg class="chart"');
    expect(html).not.toContain('data-level');
  });

  it('with no reading yet, says so', () => {
    const state: AlertState = { schema: 1, lastCheckAt: SCENE_NOW.toISOString() };
    expect(text(section(state, 'fr'))).toContain("Aucun solde n'a encore été lu.");
  });

  it('draws the three levels, the dashed forecast, and says the chart in words', () => {
    const html = section(sceneState(), 'fr');
    for (const level of ['low', 'critical', 'recovery'])
      expect(html).toMatch(new RegExp(`data-level="${level}"><line `));
    expect(html).toMatch(/data-line="forecast"><polyline points="[\d., ]+" stroke-dasharray/);
    expect(html).toContain('<title id="chart-title">Solde des dernières 48 heures</title>');
    expect(text(html)).toContain(
      'Solde du 5 déc. à 14 h 45 au 7 déc. à 14 h 45 : au plus bas 45 000 F CFA, au plus haut 279 667 F CFA.',
    );
  });

  it("the scene's history ends at the reading the page states", () => {
    const figures = pageFigures(sceneState(), SCENE_NOW);
    expect(figures.history.at(-1)).toEqual({
      t: Date.parse(figures.reading?.at ?? ''),
      balance: figures.reading?.balance,
    });
  });

  it('names each threshold at its line, in its colour; lines too close to name apart share one label', () => {
    const labels = (html: string) =>
      [
        ...html.matchAll(
          /<text class="level-label" data-levels="([a-z ]+)" x="[\d.]+" y="([\d.]+)"/g,
        ),
      ].map((m) => ({ levels: m[1], y: Number(m[2]) }));
    const lineY = (html: string, level: string) =>
      Number(new RegExp(`data-level="${level}"><line [^>]*y1="([\\d.]+)"`).exec(html)?.[1]);
    // The scene: 52,500 and 50,000 are a few px apart on a chart of 280,000; 20,000 is not.
    const close = section(sceneState(), 'fr');
    expect(labels(close).map((l) => l.levels)).toEqual(['recovery low', 'critical']);
    expect(labels(close)[0]?.y).toBeCloseTo(
      (lineY(close, 'recovery') + lineY(close, 'low')) / 2,
      1,
    );
    expect(labels(close)[1]?.y).toBeCloseTo(lineY(close, 'critical'), 1);
    expect(text(close)).toContain("fin d'alerte · seuil bas");
    expect(close).toContain('<tspan class="level-low">seuil bas</tspan>');
    // Levels far apart on the scale of the chart: three labels, each on its own line.
    const apart = section({
      ...sceneState(),
      limits: { low: 150_000, critical: 60_000, recovery: 200_000, coverHours: 24 },
    });
    expect(labels(apart).map((l) => l.levels)).toEqual(['recovery', 'low', 'critical']);
    for (const label of labels(apart))
      expect(label.y).toBeCloseTo(lineY(apart, label.levels ?? ''), 1);
  });

  it('without a critical threshold, names CRITICAL an empty balance; a flat history has no forecast line', () => {
    const state = sceneState();
    const flat = encodeHistory(
      Array.from({ length: 50 }, (_, i) => ({
        t: SCENE_NOW.getTime() - (50 - i) * 300_000,
        balance: 45_000,
      })),
    );
    const html = section({
      ...state,
      limits: { low: 50_000, recovery: 52_500, coverHours: 24 },
      ...(flat === undefined ? {} : { history: flat }),
      last: {
        balance: 45_000,
        currency: 'XOF',
        at: new Date(SCENE_NOW.getTime() - 300_000).toISOString(),
      },
    });
    expect(text(html)).toContain('Critical: an empty balance');
    expect(html).not.toContain('data-line="forecast"');
    expect(text(html)).toContain('Minimum XOF 7,500 to close the alert.');
  });
});
