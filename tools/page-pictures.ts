import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startScene } from './ack-page-scene';
import { CHROMIUM_MISSING, chromiumInstalled, chromiumLaunch, chromiumPath } from './chromium';

/**
 * `npm run page-pictures`: pictures of the "I'm on it" page, in French, at a phone's width
 * (390 px) and a laptop's (1280 px), before and after confirming, into docs/images/. The page is the real handler's, over
 * the fixed scene of tools/ack-page-scene.ts, so the pictures change only when the page does.
 */

const WIDTHS = [390, 1280] as const;
const OUT = 'docs/images';

async function main(): Promise<void> {
  if (!chromiumInstalled()) throw new Error(CHROMIUM_MISSING(chromiumPath()));
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch(chromiumLaunch());
  try {
    for (const width of WIDTHS) {
      // A fresh scene per width: the confirmation changes its state.
      const scene = await startScene();
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      try {
        await page.goto(scene.link('fr'));
        const file = `${OUT}/ack-page-${width}.png`;
        await page.screenshot({ path: file, fullPage: true });
        console.log(`wrote ${file}`);
        // After "Je m'en occupe": when the others hear it, and the undo.
        await page.fill('#name', 'Awa');
        await page.click('form:not(.undo) button[type="submit"]');
        const done = `${OUT}/ack-page-done-${width}.png`;
        await page.screenshot({ path: done, fullPage: true });
        console.log(`wrote ${done}`);
      } finally {
        await page.close();
        await scene.close();
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
