import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import { createSourceFile, validate, type Diagnostic, type ValidationContext } from '../../server/src/service';
import { ALL_RULES, CODE, RULES, ruleOf } from '../../server/src/service/rules/registry';
import { rulesMarkdown, rulesSettingSchema } from '../../server/src/service/rules/registryDocs';
import { corpusFiles, validateCorpusFile } from '../support/corpus';
import { repoRoot } from '../support/paths';

/**
 * The codes users filter on. Adding a rule means adding its code here; renaming or removing one fails this test,
 * because a user's `stevedore.rules` entry or CI filter would silently stop matching.
 */
const STABLE_CODES = [
  'yaml/syntax',
  'yaml/duplicate-key',
  'yaml/tab-indent',
  'yaml/bad-alias',
  'yaml/unknown-tag',
  'yaml/bad-anchor',
  'yaml/retyped-value',
  'stevedore/large-file',
  'stevedore/unused-ignore',
  'compose/unknown-key',
  'compose/missing-key',
  'compose/invalid-type',
  'compose/invalid-value',
  'compose/too-large',
  'compose/legacy-v1-format',
  'compose/interpolation-syntax',
  'compose/unset-variable',
  'compose/required-variable',
  'compose/undefined-reference',
  'compose/depends-on-cycle',
  'compose/healthcheck-missing',
  'compose/invalid-port',
  'compose/duplicate-host-port',
  'compose/container-name-replicas',
  'compose/unused',
  'compose/missing-file',
  'compose/privileged',
  'compose/docker-socket',
  'compose/host-namespace',
  'compose/latest-tag',
  'compose/exposed-database',
  'compose/literal-secret',
  'compose/no-restart',
  'stack/unsupported-version',
  'stack/ignored-key',
  'stack/deprecated-key',
  'stack/forbidden-key',
  'stack/missing-image',
  'stack/depends-on-ignored',
  'k8s/missing-apiversion',
  'k8s/missing-kind',
  'k8s/removed-api',
  'k8s/deprecated-api',
  'k8s/unknown-kind',
  'k8s/no-schema',
  'k8s/unknown-field',
  'k8s/missing-field',
  'k8s/invalid-type',
  'k8s/invalid-value',
  'k8s/selector-mismatch',
  'k8s/service-selects-nothing',
  'k8s/unknown-target-port',
  'k8s/undefined-reference',
  'k8s/invalid-name',
  'k8s/duplicate-name',
  'k8s/invalid-label',
  'k8s/invalid-port',
  'k8s/duplicate-port',
  'k8s/node-port-range',
  'k8s/invalid-resources',
  'k8s/undefined-volume',
  'k8s/invalid-env',
  'k8s/invalid-probe',
  'k8s/restart-policy',
  'k8s/negative-count',
  'k8s/required-field',
  'k8s/invalid-schedule',
  'k8s/invalid-time-zone',
  'k8s/invalid-selector',
  'k8s/privileged',
  'k8s/host-namespace',
  'k8s/host-path',
  'k8s/docker-socket',
  'k8s/run-as-root',
  'k8s/writable-root-fs',
  'k8s/no-resources',
  'k8s/latest-tag',
  'k8s/no-probes',
  'k8s/secret-in-env',
  'openshift/non-groupified-api',
  'openshift/route-host',
  'openshift/route-tls',
  'openshift/route-target-kind',
  'openshift/route-weight',
  'openshift/template-parameter-name',
  'openshift/template-duplicate-parameter',
  'openshift/template-undefined-parameter',
  'openshift/template-required-parameter',
  'openshift/template-generator',
  'kustomize/unknown-key',
  'kustomize/missing-resource',
  'marathon/unknown-key',
  'marathon/missing-key',
  'marathon/invalid-type',
  'marathon/invalid-value',
  'marathon/invalid-id',
  'marathon/cmd-and-args',
  'marathon/duplicate-port-name',
  'marathon/negative-instances',
  'marathon/no-command',
];

describe('the rule registry', () => {
  it('keeps every code stable: the registered codes are exactly the list users rely on', () => {
    assert.deepEqual(
      ALL_RULES.map((r) => r.code),
      STABLE_CODES,
    );
  });

  it('registers each code once, under the family its prefix names, with a one-line doc', () => {
    assert.equal(new Set(STABLE_CODES).size, STABLE_CODES.length);
    const prefixOf = {
      yaml: 'yaml',
      stevedore: 'stevedore',
      compose: 'compose',
      stack: 'stack',
      kubernetes: 'k8s',
      openshift: 'openshift',
      kustomize: 'kustomize',
      marathon: 'marathon',
    };
    const bad = ALL_RULES.filter(
      (r) => !r.code.startsWith(`${prefixOf[r.family]}/`) || !/^[A-Z`].*\.$/.test(r.doc) || r.doc.includes('\n'),
    ).map((r) => r.code);
    assert.deepEqual(bad, []);
    assert.equal(ruleOf('compose/unused'), RULES.composeUnused);
    assert.equal(ruleOf('compose/no-such-rule'), undefined);
    assert.equal(CODE.k8sUndefinedReference, 'k8s/undefined-reference');
  });

  it('types Diagnostic.code: an unregistered code does not compile', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const registered: Diagnostic = { range, severity: 'hint', code: 'compose/unused', message: '' };
    // @ts-expect-error: 'compose/no-such-rule' is not a RuleCode (tsc -b fails if this line ever compiles)
    const unregistered: Diagnostic = { range, severity: 'hint', code: 'compose/no-such-rule', message: '' };
    assert.deepEqual([registered.code, unregistered.code], ['compose/unused', 'compose/no-such-rule']);
  });

  it('package.json declares the stevedore.rules setting generated from it (run `npm run rules` after changing a rule)', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, unknown> } };
    };
    const setting = manifest.contributes.configuration.properties['stevedore.rules'];
    assert.deepEqual(setting, rulesSettingSchema());
    const properties = (setting as { properties: Record<string, { markdownDescription: string }> }).properties;
    assert.deepEqual(Object.keys(properties), STABLE_CODES);
    assert.match(properties['compose/unused']?.markdownDescription ?? '', /no service uses\. Default: `hint`\.$/);
  });

  it('docs/rules.md is the page generated from it (run `npm run rules` after changing a rule)', () => {
    const page = readFileSync(join(repoRoot, 'docs', 'rules.md'), 'utf8');
    assert.equal(page, rulesMarkdown());
    for (const code of STABLE_CODES) assert.ok(page.includes(`| \`${code}\` |`), code);
  });
});

/** Files that make every rule with fixes offer each kind of fix it declares. */
const schemas = createKubernetesSchemaSource();
const k8s: ValidationContext = { kubernetes: { schemas } };
const fixCases: readonly { path: string; text: string; context?: ValidationContext }[] = [
  { path: '/w/compose.yaml', text: 'services:\n  web:\n    imagee: x\n    container_name: 08\n' },
  { path: '/w/compose.yaml', text: 'services:\n  a:\n    image: redis:7.4\n  b:\n    image: redis\n' },
  { path: '/w/compose.yaml', text: 'services:\n  web:\n    image: x:1\n    restart: alway\n' },
  {
    path: '/w/k8s/pod.yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    context: k8s,
  },
  { path: '/w/compose.yaml', text: 'services:\n  web:\n    image: x\n    networks: [frontnd]\nnetworks:\n  frontend: {}\n' },
  { path: '/w/docker-stack.yml', text: 'services:\n  web:\n    image: x\n    restart: always\n    mem_limit: 1g\n' },
  {
    path: '/w/k8s/cm.yaml',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: yes\n  b: 1\n',
    context: k8s,
  },
  { path: '/w/k8s/svc.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  portz: []\n', context: k8s },
  {
    path: '/w/k8s/lb.yaml',
    text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: Loadbalancer\n  ports: [{port: 80}]\n',
    context: k8s,
  },
  {
    path: '/w/k8s/old.yaml',
    text: 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: d\n',
    context: k8s,
  },
  {
    path: '/w/k8s/deprecated.yaml',
    text: 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: i\n',
    context: { kubernetes: { schemas, version: '1.20' } },
  },
  { path: '/w/marathon.json', text: '{"id": "/web", "cmdd": "sleep 1", "user": 1000, "mem": 32}\n' },
  {
    path: '/w/openshift/route.yaml',
    text: 'apiVersion: v1\nkind: Route\nmetadata:\n  name: r\nspec:\n  to:\n    kind: Service\n    name: s\n',
    context: k8s,
  },
];

describe('fixes attach by code', () => {
  const diagnostics: Diagnostic[] = fixCases.flatMap((c) => validate(createSourceFile(`file://${c.path}`, 1, c.text), c.context));
  const offered = new Set(diagnostics.flatMap((d) => (d.fixes ?? []).map((f) => `${d.code} ${f.kind}`)));

  it('every fix is of a kind its rule declares', () => {
    const undeclared = [...offered].filter((pair) => {
      const [code = '', kind = ''] = pair.split(' ');
      return !ruleOf(code)?.fixes.some((f) => f === kind);
    });
    assert.deepEqual(undeclared, []);
  });

  it('every kind of fix a rule declares is offered on some file', () => {
    const declared = ALL_RULES.flatMap((r) => r.fixes.map((kind) => `${r.code} ${kind}`));
    assert.deepEqual(
      declared.filter((pair) => !offered.has(pair)),
      [],
      JSON.stringify(diagnostics.map((d) => [d.code, d.message])),
    );
  });
});

describe('severities come from the registry', () => {
  it('over the corpus, a diagnostic has the default severity of its rule, or one the rule doc names', () => {
    const folders = [
      ['compose/valid', 'compose'],
      ['compose/invalid', 'compose'],
      ['stack/valid', 'stack'],
      ['kubernetes/valid', 'kubernetes'],
      ['kubernetes/invalid', 'kubernetes'],
    ] as const;
    const seen = new Set<string>();
    const undocumented = new Set<string>();
    for (const [folder, kind] of folders)
      for (const file of corpusFiles(folder))
        for (const d of validateCorpusFile(file, kind)) {
          seen.add(d.code);
          const rule = ruleOf(d.code);
          if (rule?.severity !== d.severity && !rule?.doc.includes(d.severity)) undocumented.add(`${d.code} ${d.severity}`);
        }
    assert.ok(seen.size >= 15, `only ${seen.size} codes seen`);
    assert.deepEqual([...undocumented], []);
  });

  it('a rule reports its default severity, and stevedore.rules overrides it', () => {
    const file = createSourceFile('file:///w/compose.yaml', 1, 'services:\n  web:\n    image: x\nvolumes:\n  data: {}\n');
    const unused = validate(file).filter((d) => d.code === CODE.composeUnused);
    assert.deepEqual(
      unused.map((d) => d.severity),
      [RULES.composeUnused.severity],
    );
    const raised = validate(file, { severities: { [CODE.composeUnused]: 'error' } }).filter((d) => d.code === CODE.composeUnused);
    assert.deepEqual(
      raised.map((d) => d.severity),
      ['error'],
    );
    assert.deepEqual(
      validate(file, { severities: { [CODE.composeUnused]: 'off' } }).filter((d) => d.code === CODE.composeUnused),
      [],
    );
  });
});
