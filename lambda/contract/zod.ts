import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * The function's zod: `zod/mini`, configured once. Every schema under lambda/ is built from
 * this module (`import * as z from '../contract/zod'`), never from `zod` or `zod/mini` directly
 * (eslint.config.js), so the setting below runs before any schema is built, in the bundle and
 * in the tests alike (ES modules evaluate an import before the module importing it).
 *
 * - `zod/mini` rather than the classic API: its schemas carry no methods of their own (the
 *   classic API gives every schema instance some fifty, built when the module loads), so the
 *   check's bundle is about 70 KB smaller and its cold import cheaper (BENCHMARKS.md).
 * - English messages: `zod/mini` loads no locale ("Invalid input" for everything); the
 *   environment's and the deploy config's errors name what to fix in the classic API's words.
 * - No just-in-time parsers: zod compiles a parser per object schema (`new Function`) at its
 *   first parse, worth it for a schema parsed thousands of times, pure cost for ours, each
 *   parsed a few times per container (the environment once, the stored record at a cold
 *   start, the event per invocation): about 7% of a cold check's CPU (BENCHMARKS.md).
 */
z.config({ ...en(), jitless: true });

export * from 'zod/mini';
