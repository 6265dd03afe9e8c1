import 'vitest';

/** What the global setups (test/support/*-setup.ts) hand to the tests through `inject()`. */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of moto, or null when moto is not installed (tests then skip, outside CI). */
    motoUrl: string | null;
    sandboxUrl: string;
    prismUrl: string;
    /** Where test/support/synth-setup.ts writes the shared templates (the infra project). */
    synthDir: string;
  }
}
