import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScene } from '../../tools/ack-page-scene';
import {
  CHROMIUM_MISSING,
  chromiumInstalled,
  chromiumLaunch,
  chromiumPath,
} from '../../tools/chromium';

/**
 * The "I'm on it" page in a real browser (the distribution's headless Chromium), served by the
 * real handler over the scene of tools/ack-page-scene.ts, at a phone's width and a laptop's:
 * nothing scrolls sideways, no time or amount breaks over two lines ("à 2 / h 48"), the chart
 * has its three thresholds and the dashed forecast, no script runs, and confirm then undo work
 * through the page's own forms. One browser for the file.
 */

const installed = chromiumInstalled();
// CI must run these: a missing browser fails there, and is only skipped on a workstation.
if (!installed && process.env.CI === 'true') throw new Error(CHROMIUM_MISSING(chromiumPath()));
if (!installed) console.warn(`skipped: ${CHROMIUM_MISSING(chromiumPath())}`);

/** What a width shows: overflow, each time and amount's line boxes, the chart, scripts. */
interface Layout {
  readonly scrollWidth: number;
  readonly innerWidth: number;
  readonly unbroken: readonly {
    readonly text: string;
    readonly lines: number;
    readonly height: number;
    readonly lineHeight: number;
  }[];
  readonly scripts: number;
  readonly levels: string[];
  readonly forecast: boolean;
  readonly chartTitle: string | undefined;
  readonly chartWidth: number;
  /** Each threshold label: the levels it names, its centre, its lines' centres, its right edge. */
  readonly labels: readonly {
    readonly levels: string;
    readonly text: string;
    readonly middle: number;
    readonly lines: readonly number[];
    readonly right: number;
    readonly colours: readonly string[];
  }[];
  readonly lineColours: Readonly<Record<string, string>>;
  readonly chartRight: number;
}

/** Run in the page (as text: the project's types have no DOM). */
const MEASURE = `(() => {
  const unbroken = [...document.querySelectorAll('.nw')].map((e) => ({
    text: e.textContent,
    lines: e.getClientRects().length,
    height: e.getBoundingClientRect().height,
    lineHeight: parseFloat(getComputedStyle(e).lineHeight),
  }));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    unbroken,
    scripts: document.querySelectorAll('script').length,
    levels: [...document.querySelectorAll('svg.chart [data-level]')]
      .filter((g) => g.querySelector('line') !== null)
      .map((g) => g.dataset.level),
    forecast: document.querySelector('svg.chart [data-line="forecast"] polyline[stroke-dasharray]') !== null,
    chartTitle: document.querySelector('svg.chart > title')?.textContent,
    chartWidth: document.querySelector('svg.chart')?.getBoundingClientRect().width ?? 0,
    chartRight: document.querySelector('svg.chart')?.getBoundingClientRect().right ?? 0,
    labels: [...document.querySelectorAll('svg.chart text.level-label')].map((t) => {
      const box = t.getBoundingClientRect();
      const levels = t.dataset.levels.split(' ');
      return {
        levels: t.dataset.levels,
        text: t.textContent,
        middle: box.top + box.height / 2,
        right: box.right,
        lines: levels.map((l) => {
          const r = document.querySelector('svg.chart [data-level="' + l + '"] line').getBoundingClientRect();
          return r.top + r.height / 2;
        }),
        colours: [...t.querySelectorAll('tspan')].map((s) => getComputedStyle(s).fill),
      };
    }),
    lineColours: Object.fromEntries([...document.querySelectorAll('svg.chart g[data-level]')].map(
      (g) => [g.dataset.level, getComputedStyle(g.querySelector('line')).stroke])),
  };
})()`;

const layoutOf = (page: Page) => page.evaluate<Layout>(MEASURE);

/** The page's text, its spaces (non-breaking ones too) as plain spaces. */
const bodyText = async (page: Page) =>
  ((await page.textContent('body')) ?? '').replace(/\s+/g, ' ');

/**
 * Each threshold is named once, at its line's height (or midway between lines too close to
 * name apart, which share one label), in its line's colour, inside the chart.
 */
function expectLabelsOnTheirLines(layout: Layout) {
  const named = layout.labels.flatMap((l) => l.levels.split(' '));
  expect(named.sort()).toEqual(['critical', 'low', 'recovery']);
  for (const label of layout.labels) {
    const lines = label.lines;
    const middle = lines.reduce((a, b) => a + b, 0) / lines.length;
    expect(Math.abs(label.middle - middle), `"${label.text}" is off its line`).toBeLessThan(4);
    // Merged only when the lines are too close to name apart.
    expect(Math.max(...lines) - Math.min(...lines)).toBeLessThan(16);
    expect(label.right, `"${label.text}" runs out of the chart`).toBeLessThanOrEqual(
      layout.chartRight + 1,
    );
    expect(label.colours).toEqual(label.levels.split(' ').map((l) => layout.lineColours[l]));
  }
}

function expectTidy(layout: Layout) {
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
  expect(layout.scripts).toBe(0);
  expect(layout.unbroken.length).toBeGreaterThan(0);
  for (const item of layout.unbroken) {
    expect(item.lines, `"${item.text}" breaks over lines`).toBe(1);
    expect(item.height, `"${item.text}" is taller than a line`).toBeLessThanOrEqual(
      item.lineHeight + 1,
    );
  }
}

describe.skipIf(!installed)(
  `the "I'm on it" page in Chromium${installed ? '' : ` (skipped: ${CHROMIUM_MISSING(chromiumPath())})`}`,
  () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch(chromiumLaunch());
    });
    afterAll(async () => {
      await browser.close();
    });

    it.each([390, 1280])(
      'at %i px: confirm and undo, each page without sideways scroll or a broken time, with its chart',
      async (width) => {
        const scene = await startScene();
        const page = await browser.newPage({ viewport: { width, height: 800 } });
        try {
          await page.goto(scene.link('fr'));
          const shown = await layoutOf(page);
          expectTidy(shown);
          expect(shown.levels.sort()).toEqual(['critical', 'low', 'recovery']);
          expect(shown.forecast).toBe(true);
          expect(shown.chartTitle).toBe('Solde des dernières 48 heures');
          expect(shown.chartWidth).toBeLessThanOrEqual(width);
          expectLabelsOnTheirLines(shown);
          // In the scene, the recovery and low lines (52 500 and 50 000) are a few px apart.
          expect(shown.labels.map((l) => l.text)).toEqual([
            "fin d'alerte · seuil bas",
            'seuil critique',
          ]);
          const text = await bodyText(page);
          expect(text).toContain('45 000 F CFA, lu le 7 déc. à 14 h 45.');
          expect(text).toContain(
            "Minimum 7 500 F CFA pour clore l'alerte ; conseillé 140 000 F CFA pour couvrir 24 heures au rythme actuel.",
          );
          expect(await page.getAttribute('a.top-up', 'href')).toBe(
            'https://pay.example.sn/recharge?compte=boutique-dakar',
          );

          await page.fill('#name', 'Awa');
          await page.click('form:not(.undo) button[type="submit"]');
          const done = await layoutOf(page);
          expectTidy(done);
          const doneText = await bodyText(page);
          expect(doneText).toContain("Merci, Awa. Les rappels de cette alerte s'arrêtent.");
          // No silence in the scene: the next check; what the page cannot see, said as such.
          expect(doneText).toContain(
            "Les autres destinataires seront prévenus au prochain contrôle, vers 14 h 50. Sur un canal en heures de repos, ou qui a déjà envoyé son maximum de messages pour l'heure, cela peut attendre la fin de ces heures de repos, ou de l'heure.",
          );
          expect(doneText).toContain("Vous pouvez annuler jusqu'à 14 h 58.");
          expect(done.levels.length).toBe(3);
          expect(scene.store.current()?.state.episode?.acknowledgedBy).toBe('Awa');

          await page.click('form.undo button');
          expectTidy(await layoutOf(page));
          expect(await page.textContent('h1')).toBe('Annulé');
          expect(scene.store.current()?.state.episode?.acknowledgedAt).toBeUndefined();
          // The page offers to take it again.
          expect(await page.isVisible('#name')).toBe(true);
        } finally {
          await page.close();
          await scene.close();
        }
      },
    );
  },
);
