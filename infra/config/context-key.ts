/**
 * The deploy config: cdk.json context key `balanceMonitor`, overridable with
 * `-c balanceMonitor='{"...": ...}'`. Validated with zod at synth, so a typo fails `cdk synth`
 * with the field's name, before anything deploys. Unknown keys are errors (a misspelt optional
 * field would otherwise be silently ignored).
 */
export const CONTEXT_KEY = 'balanceMonitor';
