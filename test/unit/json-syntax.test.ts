import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeployConfigError } from '../../infra/config';
import { firstFaultAt, jsonFault, parseJsonText } from '../../infra/config/json-syntax';

/** A cdk.json that does not parse is said with its line and column, whatever Node says. */

const shipped = `{
  "app": "npx tsx infra/app.ts",
  "context": {
    "balanceMonitor": {
      "accounts": [
        {
          "name": "main",
          "lowBalanceThreshold": 100000,
        }
      ]
    }
  }
}
`;

function refusal(text: string): DeployConfigError {
  try {
    parseJsonText(text, 'cdk.json');
  } catch (error) {
    if (error instanceof DeployConfigError) return error;
    throw error;
  }
  throw new Error('parsed');
}

describe('a cdk.json syntax error', () => {
  it('a trailing comma: the line and column of the brace, and where the comma is', () => {
    const error = refusal(shipped);
    expect(error.headline).toBe(
      'cdk.json line 9, column 9: Expected double-quoted property name (the comma at line 8, column 40 has nothing after it: remove it)',
    );
    expect(error.report()).toBe(
      [
        error.headline,
        '  8 |           "lowBalanceThreshold": 100000,',
        '  9 |         }',
        '    |         ^',
        '',
      ].join('\n'),
    );
  });

  it("Node 22's message, which adds its own line and column, reads the same", () => {
    const at = shipped.indexOf('}');
    expect(
      jsonFault(
        shipped,
        `Expected double-quoted property name in JSON at position ${at} (line 9 column 9)`,
      ),
    ).toEqual({
      line: 9,
      column: 9,
      reason:
        'Expected double-quoted property name (the comma at line 8, column 40 has nothing after it: remove it)',
    });
  });

  it('a fault Node gives no position for (a comment, a single quote, an array comma) is found', () => {
    const comment = '{\n  "locale": "fr" // French\n}';
    expect(refusal(comment).headline).toBe(
      "cdk.json line 2, column 18: Expected ',' or '}' after property value",
    );
    expect(refusal('{\n  "locale": // French\n  "fr"\n}').headline).toBe(
      "cdk.json line 2, column 13: Unexpected token '/'",
    );
    expect(refusal('{\n  "locale": \'fr\'\n}').headline).toBe(
      "cdk.json line 2, column 13: Unexpected token '''",
    );
    expect(refusal('{"a": [1, 2,\n]}').headline).toBe(
      "cdk.json line 2, column 1: Unexpected token ']' (the comma at line 1, column 12 has nothing after it: remove it)",
    );
    expect(refusal('').headline).toBe('cdk.json line 1, column 1: Unexpected end of JSON input');
  });

  it('the scan finds the position Node names, wherever Node names one', () => {
    // A JSON text with one character removed or added: where JSON.parse gives a position, the
    // scan that stands in for it when it does not must agree.
    const edited = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '/', 'x', '1', ' '))
      .map(([text, at, char]) => {
        const i = at % (text.length + 1);
        return char === ''
          ? text.slice(0, i) + text.slice(i + 1)
          : text.slice(0, i) + char + text.slice(i);
      });
    fc.assert(
      fc.property(edited, (text) => {
        let message: string | undefined;
        try {
          JSON.parse(text);
        } catch (error) {
          message = (error as Error).message;
        }
        const named = /at position (\d+)/.exec(message ?? '');
        if (named === null) return;
        expect(firstFaultAt(text)).toBe(Number(named[1]));
      }),
      { numRuns: 2000 },
    );
  });
});
