import { DeployConfigError } from './config-error';

/**
 * JSON that does not parse, said with its line and column, and the line itself:
 *
 *     cdk.json line 14, column 9: Expected double-quoted property name (the comma at line 13,
 *     column 36 has nothing after it: remove it)
 *       13 |           "expectedCurrency": "XOF",
 *       14 |         }
 *          |         ^
 *
 * JSON.parse names a position ("at position 320"; Node 22 adds "(line 14 column 9)") for most
 * faults, but not for a stray character ("Unexpected token '/', ... is not valid JSON": a
 * comment, a single quote): then a scan of the text finds where it stops being JSON.
 */

/** The text parsed, or a DeployConfigError naming the file, line and column. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const { line, column, reason } = jsonFault(text, error.message);
    const headline = `${file} line ${line}, column ${column}: ${reason}`;
    throw new DeployConfigError(excerpt(text, line, column), { headline, message: headline });
  }
}

/** Where JSON.parse's `message` about `text` points, and what it says, in the user's terms. */
export function jsonFault(
  text: string,
  message: string,
): { line: number; column: number; reason: string } {
  const at = positionIn(message) ?? firstFaultAt(text);
  return { ...lineAndColumn(text, at), reason: reasonOf(message) + trailingCommaHint(text, at) };
}

function positionIn(message: string): number | undefined {
  const match = /at position (\d+)/.exec(message);
  return match === null ? undefined : Number(match[1]);
}

/** V8's words without the position, the line and column, or the quoted text. */
function reasonOf(message: string): string {
  return message
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/^(Unexpected token '.'), .* is not valid JSON$/s, '$1')
    .replace(/ \(line \d+ column \d+\)$/, '');
}

/** 1-based line and column of an offset (a column counts characters, a tab as one). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.min(offset, text.length));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** A `}` or `]` right after a comma is the trailing comma JSON forbids: say where the comma is. */
function trailingCommaHint(text: string, at: number): string {
  if (text[at] !== '}' && text[at] !== ']') return '';
  let i = at - 1;
  while (i >= 0 && /\s/.test(text[i] ?? '')) i -= 1;
  if (text[i] !== ',') return '';
  const comma = lineAndColumn(text, i);
  return ` (the comma at line ${comma.line}, column ${comma.column} has nothing after it: remove it)`;
}

/** The line before, the faulty line, and a caret under the column. */
function excerpt(text: string, line: number, column: number): string[] {
  const lines = text.split('\n');
  const width = String(line).length;
  const shown = (n: number) => `${String(n).padStart(width)} | ${lines[n - 1] ?? ''}`;
  return [
    ...(line > 1 ? [shown(line - 1)] : []),
    shown(line),
    `${' '.repeat(width)} | ${' '.repeat(column - 1)}^`,
  ];
}

/**
 * Where the text stops being JSON (RFC 8259), for the faults JSON.parse gives no position for.
 * Only called on text JSON.parse refused, so it always finds one.
 */
export function firstFaultAt(text: string): number {
  const scan = new Scan(text);
  try {
    scan.value();
    scan.space();
    if (scan.at < text.length) throw new Fault(scan.at);
  } catch (error) {
    if (error instanceof Fault) return error.at;
    throw error;
  }
  return text.length;
}

/** A recursive descent over the text; throws a Fault where it stops being JSON. */
class Scan {
  at = 0;
  constructor(private readonly text: string) {}

  /** The character at the scan's position (a method: it changes as the scan moves). */
  private peek(): string | undefined {
    return this.text[this.at];
  }

  private expect(char: string): void {
    if (this.peek() !== char) throw new Fault(this.at);
    this.at += 1;
  }

  space(): void {
    while (/[ \t\n\r]/.test(this.peek() ?? '')) this.at += 1;
  }

  value(): void {
    this.space();
    const char = this.peek();
    if (char === '{') this.object();
    else if (char === '[') this.array();
    else if (char === '"') this.string();
    else if (char === 't') this.literal('true');
    else if (char === 'f') this.literal('false');
    else if (char === 'n') this.literal('null');
    else this.number();
  }

  private object(): void {
    this.expect('{');
    this.space();
    if (this.peek() === '}') {
      this.at += 1;
      return;
    }
    for (;;) {
      this.space();
      this.string();
      this.space();
      this.expect(':');
      this.value();
      this.space();
      if (this.peek() === '}') {
        this.at += 1;
        return;
      }
      this.expect(',');
    }
  }

  private array(): void {
    this.expect('[');
    this.space();
    if (this.peek() === ']') {
      this.at += 1;
      return;
    }
    for (;;) {
      this.value();
      this.space();
      if (this.peek() === ']') {
        this.at += 1;
        return;
      }
      this.expect(',');
    }
  }

  private string(): void {
    this.expect('"');
    for (;;) {
      const char = this.peek();
      if (char === undefined || char < ' ') throw new Fault(this.at);
      this.at += 1;
      if (char === '"') return;
      if (char === '\\') {
        const escaped = this.peek();
        if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 1, this.at + 5)))
          this.at += 5;
        else if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) this.at += 1;
        else throw new Fault(this.at);
      }
    }
  }

  private literal(word: string): void {
    for (const char of word) this.expect(char);
  }

  private number(): void {
    const digits = () => {
      if (!/[0-9]/.test(this.peek() ?? '')) throw new Fault(this.at);
      while (/[0-9]/.test(this.peek() ?? '')) this.at += 1;
    };
    if (this.peek() === '-') this.at += 1;
    if (this.peek() === '0') this.at += 1;
    else digits();
    if (this.peek() === '.') {
      this.at += 1;
      digits();
    }
    if (this.peek() === 'e' || this.peek() === 'E') {
      this.at += 1;
      if (this.peek() === '+' || this.peek() === '-') this.at += 1;
      digits();
    }
  }
}

class Fault extends Error {
  constructor(readonly at: number) {
    super(`not JSON from offset ${at}`);
  }
}
