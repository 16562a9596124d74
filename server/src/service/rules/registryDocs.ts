import { ALL_RULES, SEVERITY_SETTINGS, type FixKind, type RuleFamily, type RuleInfo } from './registry';

/**
 * What is generated from the rule registry: the `stevedore.rules` setting of package.json and docs/rules.md.
 * `scripts/generate-rules.mjs` writes both; test/unit/ruleRegistry.test.ts fails when either differs from these.
 */

const FAMILY_TITLES: Readonly<Record<RuleFamily, string>> = {
  yaml: 'YAML (every file)',
  stevedore: 'Stevedore',
  compose: 'Compose (compose and stack files)',
  stack: 'Swarm stacks',
  kubernetes: 'Kubernetes',
  openshift: 'OpenShift (Routes)',
  kustomize: 'Kustomize',
  marathon: 'Marathon (app, pod and group definitions)',
};

const FIX_DOCS: Readonly<Record<FixKind, string>> = {
  'did-you-mean': 'change a misspelt name to the closest known one',
  'quote-value': 'quote a plain value so that it stays a string',
  'define-top-level': 'define a missing network, volume, secret or config at the top level',
  'use-successor-api': 'change the apiVersion to the one that replaces it',
  'move-under-deploy': 'rewrite `restart` or `mem_limit` as the `deploy` setting swarm reads',
  'run-as-non-root': "add `runAsNonRoot: true` to the container's securityContext",
  'pin-tag': 'pin the image to a tag the file already uses for that image',
  'allowed-value': 'change a value outside an enumeration to one of the allowed values',
};

const defaultOf = (rule: RuleInfo): string => `Default: \`${rule.severity}\`.`;

/** The `stevedore.rules` setting as package.json declares it: one property per code, so codes complete in settings.json. */
export function rulesSettingSchema(): Record<string, unknown> {
  const value = { type: 'string', enum: [...SEVERITY_SETTINGS] };
  return {
    type: 'object',
    default: {},
    scope: 'resource',
    markdownDescription:
      'Severity per rule code, e.g. `{ "compose/unset-variable": "off", "compose/undefined-reference": "error" }`. Codes are shown with each problem; `stevedore check --list-rules` lists them all.',
    properties: Object.fromEntries(
      ALL_RULES.map((rule) => [rule.code, { ...value, markdownDescription: `${rule.doc} ${defaultOf(rule)}` }]),
    ),
    // A code this version does not know (a newer or older Stevedore's, in a shared or synced settings file) is
    // accepted and ignored rather than flagged; its value is still checked.
    additionalProperties: value,
  };
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** docs/rules.md: every rule by family, with its default severity and fixes. */
export function rulesMarkdown(): string {
  const lines = [
    '# Rules',
    '',
    '<!-- Generated from server/src/service/rules/registry.ts by `npm run rules`; do not edit by hand. -->',
    '',
    'Every problem Stevedore reports carries one of these codes. Change a severity, or turn a rule off, with the',
    '`stevedore.rules` setting (`{ "compose/unused": "off" }`); `stevedore check --list-rules` prints this list.',
    '',
    '## Suppressing a finding',
    '',
    'A YAML comment suppresses findings where one is deliberate; the editor and `stevedore check` both honour it.',
    '',
    '- `# stevedore-ignore: <code>[, <code>…]` at the end of a line suppresses those codes on that line; on a line of',
    '  its own, on the next line that is neither blank nor a comment. Words after the codes are a free reason.',
    '- `# stevedore-ignore-file: <code>[, <code>…]`, anywhere in the file (by custom at the top), suppresses them in',
    '  the whole file.',
    '- Without codes, `# stevedore-ignore` suppresses every finding on its line, and `# stevedore-ignore-file` every',
    '  finding in the file.',
    '',
    'A finding is on the line where its range starts. Hover over the comment to see what it suppresses. A comment (or',
    'one code of it) that suppresses nothing, or names no rule, is a `stevedore/unused-ignore` hint; a code that',
    '`stevedore.rules` turns off is not reported as unused. Only real comments count: `#` inside a quoted string or a',
    'block scalar is text. JSON has no comments, so a Marathon definition cannot suppress a finding: set its severity',
    'to `off` in `stevedore.rules` instead.',
  ];
  const families = [...new Set(ALL_RULES.map((r) => r.family))];
  for (const family of families) {
    lines.push(
      '',
      `## ${FAMILY_TITLES[family]}`,
      '',
      '| Code | Default | Quick fixes | What it reports |',
      '| --- | --- | --- | --- |',
    );
    for (const rule of ALL_RULES.filter((r) => r.family === family)) {
      const fixes = rule.fixes.length > 0 ? rule.fixes.map((f) => `\`${f}\``).join(', ') : '';
      lines.push(`| \`${rule.code}\` | ${rule.severity} | ${fixes} | ${cell(rule.doc)} |`);
    }
  }
  lines.push('', '## Quick fixes', '');
  for (const [kind, doc] of Object.entries(FIX_DOCS)) lines.push(`- \`${kind}\`: ${doc}.`);
  return `${lines.join('\n')}\n`;
}
