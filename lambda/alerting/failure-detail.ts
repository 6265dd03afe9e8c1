/**
 * Moved to contract/failure-detail.ts (errors.ts sits below alerting/ and needs it). Kept only
 * for the importers not yet switched; import from contract/ instead.
 */
export * from '../contract/failure-detail';
