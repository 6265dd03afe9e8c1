import 'vitest';

/** What test/support/global-setup.ts hands to the tests through `inject()`. */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of moto, or null when moto is not installed (tests then skip, outside CI). */
    motoUrl: string | null;
    sandboxUrl: string;
    prismUrl: string;
  }
}
