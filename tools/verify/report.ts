import { SECTIONS, type Finding, type Outcome } from './finding';

/** The report `npm run verify` prints: each section's findings, each fix under its finding. */

const MARK: Record<Outcome, string> = { ok: 'ok  ', fail: 'FAIL', warn: 'WARN', note: '--  ' };

export function formatReport(header: string, findings: readonly Finding[]): string {
  const lines = [header, ''];
  for (const section of SECTIONS) {
    const here = findings.filter((f) => f.section === section);
    if (here.length === 0) continue;
    lines.push(`${section.charAt(0).toUpperCase()}${section.slice(1)}`);
    for (const f of here) {
      lines.push(`  ${MARK[f.outcome]}  ${f.what}`);
      if (f.fix !== undefined) lines.push(`        fix: ${f.fix}`);
    }
    lines.push('');
  }
  const count = (o: Outcome) => findings.filter((f) => f.outcome === o).length;
  lines.push(
    count('fail') === 0
      ? `Reach verified: ${count('ok')} ok${count('warn') > 0 ? `, ${count('warn')} warning(s) to fix before they bite` : ''}.`
      : `${count('fail')} failed, ${count('warn')} warning(s), ${count('ok')} ok: apply each fix above, then run npm run verify again.`,
  );
  return `${lines.join('\n')}\n`;
}

/** 1 when anything failed; warnings alone do not fail the run. */
export function exitCodeOf(findings: readonly Finding[]): number {
  return findings.some((f) => f.outcome === 'fail') ? 1 : 0;
}
