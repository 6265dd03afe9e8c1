// @ts-check
/**
 * The function's layers, bottom to top (docs/architecture.md, "Layers"). A file may import from
 * its own layer or a lower one, never from a higher one; the adapters of one layer (stores,
 * providers, channels) never import each other, so each stays replaceable on its own.
 *
 * Each entry names the folders (`name/`) and root files (`name.ts`) of lambda/ in that layer,
 * whether it is pure (nothing but zod and the layers below: no SDK, no Node module, no other
 * package) and what else it may not import. `layerRules()` turns the table into
 * `no-restricted-imports` entries, which eslint.config.js includes with `infraRule()`;
 * test/unit/layers.test.ts proves that every upward import fails and every downward one passes.
 */

/** @type {ReadonlyArray<{ layer: string, members: string[], pure?: boolean, siblingsApart?: boolean, alsoBanned?: string[] }>} */
export const LAYERS = [
  // Pure and shared with infra/: the environment contract, settings, failure details.
  { layer: 'contract', pure: true, members: ['contract/', 'errors.ts'] },
  // The alert policy: pure, time is an argument.
  { layer: 'policy', pure: true, members: ['alerting/'] },
  // The texts: pure, one catalog per locale.
  { layer: 'texts', pure: true, members: ['messages/'] },
  // The outbox's stored shape, its steps and the channel port: pure.
  { layer: 'delivery', pure: true, members: ['delivery/'] },
  // Plumbing the adapters share: the Lambda credentials, reading a capped HTTP body.
  { layer: 'plumbing', members: ['aws/', 'http/'] },
  // The adapters, each behind a port; none knows another.
  { layer: 'adapters', members: ['stores/', 'providers/', 'channels/'], siblingsApart: true },
  // One check, against the ports: no SDK, no concrete adapter it could be handed instead.
  {
    layer: 'check',
    members: ['check/'],
    alsoBanned: [
      '@aws-sdk/*',
      '@aws-lambda-powertools/*',
      '../stores/dynamodb',
      '../stores/file',
      '../channels/sns',
      '../providers/dexchange/api-key-secret',
    ],
  },
  // The entry points beside the check, and what the composition root configures.
  {
    layer: 'entries',
    members: ['ack/', 'callback/', 'watchdog/', 'observability.ts', 'config.ts'],
  },
  // The composition root: builds the real adapters and hands them to the check.
  { layer: 'root', members: ['handler.ts'] },
];

const escape = (/** @type {string} */ text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An import specifier that reaches `member` from a file `depth` folders below lambda/. */
function reaching(/** @type {string} */ member, /** @type {number} */ depth) {
  const up = depth === 0 ? '\\./' : `(?:\\.\\./){${depth}}`;
  const name = member.endsWith('/') ? member.slice(0, -1) : member.replace(/\.ts$/, '');
  return `^${up}${escape(name)}(?:/|$)`;
}

/** The `no-restricted-imports` patterns for a file of `layerIndex`, `depth` folders deep. */
function bannedFrom(
  /** @type {number} */ layerIndex,
  /** @type {string} */ own,
  /** @type {number} */ depth,
) {
  const { layer, pure, siblingsApart, alsoBanned = [] } = LAYERS[layerIndex];
  const above = LAYERS.slice(layerIndex + 1).flatMap((l) =>
    l.members.map((member) => ({
      member,
      message: `${layer} may not import ${l.layer} (${member}): it sits higher in docs/architecture.md's layers`,
    })),
  );
  const beside = siblingsApart
    ? LAYERS[layerIndex].members
        .filter((member) => member !== own)
        .map((member) => ({
          member,
          message: `one adapter may not import another (${member}): share through a lower layer`,
        }))
    : [];
  return [
    ...[...above, ...beside].map(({ member, message }) => ({
      regex: reaching(member, depth),
      message,
    })),
    // A path that climbs out of lambda/ and back in would dodge the rules above.
    {
      regex: depth === 0 ? '^\\.\\./' : `^(?:\\.\\./){${depth + 1}}`,
      message: 'import a module of the function by its path inside lambda/',
    },
    ...(pure
      ? [
          {
            // zod itself: which of its entries, and from where, is functionZodRule's to say.
            regex: '^(?!\\.|zod(?:/.*)?$)',
            message: `${layer} is pure: it imports only zod and lower layers`,
          },
        ]
      : []),
    ...(alsoBanned.length > 0
      ? [{ group: alsoBanned, message: `${layer} stays free of these` }]
      : []),
    { group: ['**/tools/*'], message: 'nothing the function runs imports the local tools' },
  ];
}

/**
 * One flat-config entry per member: folders get their files up to three deep (providers/x/,
 * delivery/steps/), root files their own entry. Every file of lambda/ belongs to exactly one entry, so no rule
 * of one entry is overridden by another's.
 */
export function layerRules() {
  return LAYERS.flatMap((entry, index) =>
    entry.members.flatMap((member) =>
      member.endsWith('/')
        ? [1, 2, 3].map((depth) => ({
            files: [`lambda/${member}${'*/'.repeat(depth - 1)}*.ts`],
            rules: {
              'no-restricted-imports': ['error', { patterns: bannedFrom(index, member, depth) }],
            },
          }))
        : [
            {
              files: [`lambda/${member}`],
              rules: {
                'no-restricted-imports': ['error', { patterns: bannedFrom(index, member, 0) }],
              },
            },
          ],
    ),
  );
}

/**
 * infra/ reaches the function's code only through its contract: the stack validates each
 * function's environment at synth with the very rules the function applies, and knows nothing
 * else of it (the bundles are built from their entry paths). Any depth under infra/.
 */
export function infraRule() {
  return {
    files: ['infra/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?:\\.\\./)+lambda/(?!contract/)',
              message: 'infra may import lambda/contract/ only',
            },
          ],
        },
      ],
    },
  };
}

/**
 * The function's schemas are built from its own zod (lambda/contract/zod.ts: zod/mini,
 * configured before any schema is built), never from zod's packages: the classic API would put
 * its 97 KB and its per-schema methods back on the check's cold path (BENCHMARKS.md).
 */
export function functionZodRule() {
  const message =
    "Import the function's zod: `import * as z from '<path>/contract/zod'` (zod/mini, configured once).";
  const zod = '/^zod(?:[/].*)?$/';
  return {
    files: ['lambda/**/*.ts'],
    ignores: ['lambda/contract/zod.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        // Every way a module names another: import, re-export, import(), import = require().
        ...[
          `ImportDeclaration[source.value=${zod}]`,
          `ExportAllDeclaration[source.value=${zod}]`,
          `ExportNamedDeclaration[source.value=${zod}]`,
          `ImportExpression[source.value=${zod}]`,
          `TSExternalModuleReference[expression.value=${zod}]`,
        ].map((selector) => ({ selector, message })),
      ],
    },
  };
}
