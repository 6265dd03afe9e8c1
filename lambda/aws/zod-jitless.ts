import * as z from 'zod';

/**
 * zod without its just-in-time parsers. By default zod compiles a parser of its own for each
 * object schema (`new Function`) the first time it parses with it: worth it for a schema that
 * parses thousands of times, pure cost for ours, each of which parses a few times per container
 * (the environment once, the stored record at a cold start, the event per invocation). The
 * validation is the same; the cold check takes about 7% less CPU (BENCHMARKS.md). zod reads this
 * setting when a schema is built, so every Lambda entry imports this module first, before any
 * module that builds one.
 */
z.config({ jitless: true });
