import { existsSync } from 'node:fs';

/**
 * The headless Chromium the page's browser tests and pictures drive: the distribution's package
 * (Debian's `chromium`), or the one CHROMIUM_PATH names. Missing, the tests say how to get it.
 */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_MISSING = (path: string) =>
  `no Chromium at ${path}: install the distribution's package (apt-get install -y chromium), or set CHROMIUM_PATH`;

export const chromiumInstalled = (): boolean => existsSync(chromiumPath());

/** The launch options: the sandbox needs user namespaces that containers and CI often lack. */
export const chromiumLaunch = () => ({
  executablePath: chromiumPath(),
  args: ['--no-sandbox', '--font-render-hinting=none'],
});
