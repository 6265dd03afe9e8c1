import type { z } from 'zod';
import { ALSO_ROUTABLE } from '../../lambda/contract/severities';
import { CONTEXT_KEY } from './context-key';
import { CONFIG_HOME, DeployConfigError } from './config-error';
import { parseJsonText } from './json-syntax';
import { deployConfigSchema, type DeployConfig } from './schema';

/**
 * The deploy config from the cdk.json context, and what is wrong with it in words that name
 * the field to fix: `balanceMonitor.accounts.0.name: is required`, one line a problem.
 */

/** Parses the context value (an object from cdk.json, or a JSON string from `-c`). */
export function parseDeployConfig(raw: unknown): DeployConfig {
  let value = raw;
  // A string is the `-c balanceMonitor='{...}'` of a command line: its problems are said there.
  const headline =
    typeof raw === 'string' ? `Configuration error in -c ${CONTEXT_KEY}:` : undefined;
  if (typeof raw === 'string') {
    try {
      value = parseJsonText(raw, `-c ${CONTEXT_KEY}`);
    } catch (error) {
      if (!(error instanceof DeployConfigError)) throw error;
      throw new DeployConfigError(error.problems, {
        headline: error.headline.replace(/^-c \S+/, `the -c ${CONTEXT_KEY} value,`),
        message: `${CONTEXT_KEY}: the -c value is not valid JSON: ${error.headline}`,
      });
    }
  }
  if (value === undefined) {
    const problem = `${CONTEXT_KEY}: missing; add a "${CONTEXT_KEY}" object to the "context" of cdk.json`;
    throw new DeployConfigError([problem], {
      headline: `Configuration error in ${CONFIG_HOME}:`,
      message: problem,
    });
  }
  const renamed = smsSeveritiesHint(value);
  if (renamed !== undefined) throw new DeployConfigError([renamed], { headline });
  const result = deployConfigSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.flatMap(matchedBranch).map(describeIssue);
    throw new DeployConfigError(problems, { headline });
  }
  return result.data;
}

/** `balanceMonitor.field.path: message`, with the keys zod did not know. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const field = [CONTEXT_KEY, ...issue.path.map(String)].join('.');
  const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
  return `${field}: ${issue.message}${keys}`;
}

/**
 * A recipient is a string or an object (alertEmails, smsNumbers): when the value has the type of
 * one of the two, its problems are that form's (`...routing.minLevel: must be one of ...`), not
 * zod's "matches neither". Otherwise the union's own message says which forms are accepted.
 */
function matchedBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union') return [issue];
  const matched = issue.errors.filter(
    (branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  const [only] = matched;
  if (matched.length !== 1 || only === undefined) return [issue];
  return only.flatMap((i) => matchedBranch({ ...i, path: [...issue.path, ...i.path] }));
}

/**
 * `smsSeverities` (an exact list) became `smsRouting` (a level and above, plus chosen others):
 * say so, with the equivalent of the list the config has, rather than "unrecognized key".
 */
function smsSeveritiesHint(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('smsSeverities' in value)) return undefined;
  const list = value.smsSeverities;
  const severities = Array.isArray(list) ? list.filter((s) => typeof s === 'string') : [];
  const minLevel = severities.includes('LOW')
    ? 'LOW'
    : severities.includes('CRITICAL')
      ? 'CRITICAL'
      : 'NONE';
  const also = ALSO_ROUTABLE.filter((s) => severities.includes(s));
  return `${CONTEXT_KEY}.smsSeverities: replaced by smsRouting, which sends a level and above (their reminders and RECOVERED follow) plus the alerts listed in "also"; write "smsRouting": ${JSON.stringify({ minLevel, also })}`;
}
