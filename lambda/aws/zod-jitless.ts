/**
 * Every Lambda entry imports this module first (test/unit/zod-jitless.test.ts). Its work, zod
 * without its just-in-time parsers, is now done by the function's zod itself
 * (lambda/contract/zod.ts: zod/mini, English messages, jitless), which every schema is built
 * from; importing it here first keeps that setting ahead of any schema an entry builds, even
 * one still on the classic API.
 */
import '../contract/zod';
