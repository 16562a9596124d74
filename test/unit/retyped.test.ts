import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import { createSourceFile, validate } from '../../server/src/service';
import { CODE, PRACTICE_CODES } from '../../server/src/service/rules/registry';
import { retypedMessage } from '../../server/src/service/rules/yamlRetyped';
import { fixture, lineEndings } from '../support/fixture';
import { ruleCases } from '../support/ruleCases';

const kubernetes = { schemas: createKubernetesSchemaSource() };
const configMap = (data: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n${data}`;

describe('values YAML 1.1 would retype', () => {
  ruleCases([
    {
      name: 'yes, on and 1:30 in a ConfigMap',
      path: '/w/k8s/cm.yaml',
      text: configMap('  a: $0yes\n  b: $0on\n  c: $01:30\n  d: "yes"\n  e: maybe\n'),
      codes: [CODE.yamlRetypedValue, CODE.yamlRetypedValue, CODE.yamlRetypedValue],
      message: retypedMessage('yes', 'a boolean'),
      context: { kubernetes },
    },
    {
      name: 'an env value in a container',
      path: '/w/k8s/pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x\n      env:\n        - name: A\n          value: $0off\n',
      codes: [CODE.yamlRetypedValue],
      context: { kubernetes },
    },
    {
      name: 'not where the schema takes a boolean or a number (environment values)',
      text: 'services:\n  web:\n    image: x\n    environment:\n      A: yes\n    hostname: $0no\n',
      codes: [CODE.yamlRetypedValue],
      message: /`no` is read as a boolean/,
    },
  ]);
});

describe('the fix quotes the value', () => {
  const cases = [
    { name: 'a retyped boolean', path: '/w/k8s/cm.yaml', text: configMap('  a: $0yes\n'), quoted: '"yes"' },
    {
      name: 'a number where a string goes (08)',
      path: '/w/compose.yaml',
      text: 'services:\n  web:\n    image: x\n    container_name: $008\n',
      quoted: '"08"',
    },
    { name: 'an exponent (1e3)', path: '/w/compose.yaml', text: 'services:\n  web:\n    image: $01e3\n', quoted: '"1e3"' },
  ];
  for (const c of cases)
    for (const eol of lineEndings)
      it(`${c.name} (${eol.name})`, () => {
        const { text, markers } = fixture(eol.apply(c.text));
        const diagnostics = validate(createSourceFile(`file://${c.path}`, 1, text), { kubernetes });
        const at = diagnostics.find(
          (d) => d.range.start.line === markers[0]?.line && d.range.start.character === markers[0].character,
        );
        const fix = at?.fixes?.find((f) => f.title === 'Quote the value');
        assert.ok(fix, JSON.stringify(diagnostics));
        assert.deepEqual(
          fix.edits.map((e) => [e.range.start, e.newText]),
          [[markers[0], c.quoted]],
        );
        const lines = text.split(/\r?\n/);
        const edit = fix.edits[0];
        assert.ok(edit);
        const line = lines[edit.range.start.line] ?? '';
        lines[edit.range.start.line] =
          line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character);
        const after = validate(createSourceFile(`file://${c.path}`, 2, lines.join(eol.name === 'LF' ? '\n' : '\r\n')), {
          kubernetes,
        });
        assert.deepEqual(
          after.filter((d) => d.severity !== 'hint' && !PRACTICE_CODES.includes(d.code)).map((d) => d.code),
          [],
          'nothing left to report',
        );
      });
});
