import type { Locale } from '../../lambda/alerting/types';

/**
 * Reads back what an alert text says about amounts: every amount, with the relation the text
 * asserts between the balance and it ("below", "above" (strictly), "at least", "no longer
 * below", "not yet above", "will fall below"),
 * and the thresholds it names. Written independently of the templates (only the words), so
 * that a test can check each statement against the numbers it is about.
 */

export interface Amount {
  readonly value: number;
  readonly index: number;
  readonly end: number;
}

/** `less`: <; `at-least`: >=; `more`: > ("above" is not true of an equal amount). */
export type Relation = 'less' | 'at-least' | 'more';

export interface Statement {
  readonly subject: number;
  readonly relation: Relation;
  readonly other: number;
  readonly clause: string;
}

const SPACE = '[\\s\\u00a0\\u202f]';

/** Every amount in a text, in order: "XOF 45,000", "45 000 F CFA", "empty", "overdrawn by". */
export function amountsIn(text: string, locale: Locale): Amount[] {
  const out: Amount[] = [];
  const pattern =
    locale === 'en'
      ? new RegExp(
          `(overdrawn by ${SPACE}?)?(-)?XOF${SPACE}(\\d{1,3}(?:,\\d{3})*(?:\\.\\d+)?)`,
          'g',
        )
      : new RegExp(
          `(à découvert de ${SPACE}?|a decouvert de ${SPACE}?|d[ée]biteur de ${SPACE}?)?(-)?(\\d{1,3}(?:${SPACE}\\d{3})*(?:,\\d+)?)${SPACE}F${SPACE}CFA`,
          'g',
        );
  for (const match of text.matchAll(pattern)) {
    const digits = (match[3] ?? '').replace(locale === 'en' ? /,/g : /[\s\u00a0\u202f]/g, '');
    const number = Number(locale === 'en' ? digits : digits.replace(',', '.'));
    const negative = match[1] !== undefined || match[2] !== undefined;
    out.push({
      value: negative ? -number : number,
      index: match.index,
      end: match.index + match[0].length,
    });
  }
  return out;
}

/** The relation words, most specific first, with what they assert of the balance. */
const RELATIONS: Record<Locale, readonly [RegExp, Relation][]> = {
  en: [
    [/not yet above/g, 'less'],
    [/(will fall below|fall below|no longer below)/g, 'at-least'],
    [/(below|under)/g, 'less'],
    [/(at or above|at least|back to)/g, 'at-least'],
    [/above/g, 'more'],
  ],
  fr: [
    [/pas encore au-dessus/g, 'less'],
    [/(passera sous|plus sous)/g, 'at-least'],
    [/sous/g, 'less'],
    [/(au moins|remonté à|remonte a|atteint)/g, 'at-least'],
    [/au-dessus/g, 'more'],
  ],
};

/** The last relation word before `end` in `text`, if any. */
function relationBefore(text: string, locale: Locale): Relation | undefined {
  let best: { index: number; length: number; relation: Relation } | undefined;
  for (const [pattern, relation] of RELATIONS[locale]) {
    for (const match of text.matchAll(pattern)) {
      const candidate = { index: match.index, length: match[0].length, relation };
      // The latest word wins; at the same place, the longer (more specific) one.
      if (
        best === undefined ||
        candidate.index + candidate.length > best.index + best.length ||
        (candidate.index + candidate.length === best.index + best.length &&
          candidate.length > best.length)
      )
        best = candidate;
    }
  }
  return best?.relation;
}

/**
 * The statements a text makes about `balance`: in each clause that names the balance, the
 * relation each later amount is given to it. Clauses about something else (how much to add,
 * the pace) are not about the balance and are skipped.
 */
export function statementsAbout(text: string, balance: number, locale: Locale): Statement[] {
  const statements: Statement[] = [];
  for (const clause of text.split(/\.(?=\s|$)|;|\n/)) {
    // How much to add ("Minimum X to close the alert", "conseillé Y ...") is not about the
    // balance.
    if (
      /(add at least|top up at least|^\s*at least|rechargez au moins|^\s*au moins|^\s*(top up: |rechargez : )?(minimum|advised|conseillé)\b)/i.test(
        clause,
      )
    )
      continue;
    const amounts = amountsIn(clause, locale);
    const subjectIndex = amounts.findIndex((a) => Math.abs(a.value - balance) < 0.005);
    if (subjectIndex < 0) continue;
    const subject = amounts[subjectIndex];
    if (subject === undefined) continue;
    let from = subject.end;
    for (const other of amounts.slice(subjectIndex + 1)) {
      const relation = relationBefore(clause.slice(from, other.index), locale);
      if (relation !== undefined)
        statements.push({ subject: subject.value, relation, other: other.value, clause });
      from = other.end;
    }
  }
  return statements;
}

/** The thresholds a text names: "the low threshold of X", "le seuil critique de X". */
export function namedThresholds(
  text: string,
  locale: Locale,
): { kind: 'low' | 'critical'; value: number }[] {
  const out: { kind: 'low' | 'critical'; value: number }[] = [];
  const pattern = locale === 'en' ? /(low|critical) threshold of /g : /seuil (bas|critique) de /g;
  for (const match of text.matchAll(pattern)) {
    const [next] = amountsIn(text.slice(match.index + match[0].length), locale);
    if (next?.index === 0)
      out.push({
        kind: match[1] === 'low' || match[1] === 'bas' ? 'low' : 'critical',
        value: next.value,
      });
  }
  return out;
}

/** Whether a statement holds of the numbers. */
export function holds(statement: Statement): boolean {
  switch (statement.relation) {
    case 'less':
      return statement.subject < statement.other;
    case 'more':
      return statement.subject > statement.other;
    case 'at-least':
      return statement.subject >= statement.other;
  }
}
