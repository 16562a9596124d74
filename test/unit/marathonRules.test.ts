import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSourceFile, validate } from '../../server/src/service';
import { cmdAndArgsMessage } from '../../server/src/service/rules/marathon/cmdArgs';
import { idMessages } from '../../server/src/service/rules/marathon/ids';
import { negativeInstancesMessage } from '../../server/src/service/rules/marathon/instances';
import { noCommandMessage } from '../../server/src/service/rules/marathon/noCommand';
import { duplicatePortNameMessage } from '../../server/src/service/rules/marathon/portNames';
import { ruleCases, type RuleCase } from '../support/ruleCases';

/** Cases on a file named marathon.json (so the kind comes from the name, whatever the content). */
const marathon = (c: RuleCase): RuleCase => ({ path: '/w/apps/marathon.json', ...c });

/** An app with everything but what a case is about. */
const app = (fields: string): string => `{\n  "cpus": 0.1,\n  "mem": 32,\n${fields}\n}\n`;

describe('Marathon definitions: the schema (from the RAML types)', () => {
  ruleCases(
    [
      {
        name: 'a plain app is valid',
        text: app('  "id": "/web",\n  "cmd": "python3 -m http.server $PORT0",\n  "instances": 2'),
        codes: [],
      },
      {
        name: 'a key the app definition does not define',
        text: app('  "id": "/web",\n  "cmd": "sleep 1",\n  $0"memory": 64'),
        codes: ['marathon/unknown-key'],
        message: "Unknown key 'memory' in the top level",
      },
      {
        name: 'a misspelt key inside the container (so its image is missing too)',
        text: app('  "id": "/web",\n  "container": {"type": "DOCKER", $0"docker": {$0"imag": "nginx"}}'),
        codes: ['marathon/missing-key', 'marathon/unknown-key'],
        message: "container.docker needs 'image'",
      },
      {
        name: 'an app without an id',
        text: '$0{"cmd": "sleep 1", "cpus": 0.1}\n',
        codes: ['marathon/missing-key'],
        message: "the top level needs 'id'",
      },
      {
        name: 'a string where a number goes',
        text: app('  "id": "/web",\n  "cmd": "sleep 1",\n  "disk": $0"lots"'),
        codes: ['marathon/invalid-type'],
        message: "disk must be a number, not 'lots'",
      },
      {
        name: 'a value outside the enumeration',
        text: app('  "id": "/web",\n  "container": {"type": $0"RKT"}'),
        codes: ['marathon/invalid-value'],
      },
      {
        name: 'a pod: containers, and scaling with maxInstances (in Marathon’s pod docs)',
        text: '{"id": "/p", "scaling": {"kind": "fixed", "instances": 1, "maxInstances": 3},\n "containers": [{"name": "c", "resources": {"cpus": 0.1, "mem": 32}, "endpoints": [{"name": "web"}]}]}\n',
        codes: [],
      },
      {
        name: 'a pod: a scaling kind Marathon does not have',
        text: '{"id": "/p", "scaling": {"kind": $0"elastic", "instances": 1},\n "containers": [{"name": "c", "resources": {"cpus": 0.1, "mem": 32}}]}\n',
        codes: ['marathon/invalid-value'],
      },
      {
        name: 'a group: its apps are app definitions',
        text: '{"id": "/g", "apps": [{"id": "/g/a", "cmd": "x", $0"cpu": 1}]}\n',
        codes: ['marathon/unknown-key'],
      },
      {
        name: 'a list of apps (PUT /v2/apps): each item is an app',
        text: '[{"id": "/a", "cmd": "x"},\n {"id": "/b", "cmd": "y", "instances": $0"2"}]\n',
        codes: ['marathon/invalid-type'],
      },
    ].map(marathon),
  );

  it('offers the did-you-mean fix as a JSON string, quotes and all', () => {
    const text = '{"id": "/web", "cmdd": "sleep 1"}\n';
    const [diagnostic] = validate(createSourceFile('file:///w/marathon.json', 1, text));
    assert.equal(diagnostic?.code, 'marathon/unknown-key');
    const edit = diagnostic?.fixes?.[0]?.edits[0];
    assert.deepEqual(edit, { range: { start: { line: 0, character: 15 }, end: { line: 0, character: 21 } }, newText: '"cmd"' });
  });

  it('offers to quote a number where a string goes', () => {
    const text = '{"id": "/web", "cmd": "x", "user": 1000}\n';
    const [diagnostic] = validate(createSourceFile('file:///w/marathon.json', 1, text));
    assert.equal(diagnostic?.code, 'marathon/invalid-type');
    assert.deepEqual(diagnostic?.fixes?.[0]?.edits[0]?.newText, '"1000"');
  });
});

describe('marathon/invalid-id: ids as Marathon’s PathId validation takes them', () => {
  ruleCases(
    [
      {
        name: 'absolute, nested, dotted and dashed segments',
        text: app('  "id": "/prod/web-1/a.b-c.d",\n  "cmd": "x"'),
        codes: [],
      },
      { name: 'relative (resolved against the root)', text: app('  "id": "web",\n  "cmd": "x"'), codes: [] },
      { name: 'a reserved word inside the path', text: app('  "id": "/tasks/web",\n  "cmd": "x"'), codes: [] },
      {
        name: 'an upper-case letter',
        text: app('  "id": $0"/Prod/web",\n  "cmd": "x"'),
        codes: ['marathon/invalid-id'],
        message: idMessages.segment('/Prod/web', 'Prod'),
      },
      {
        name: 'an underscore',
        text: app('  "id": $0"/prod/web_1",\n  "cmd": "x"'),
        codes: ['marathon/invalid-id'],
        message: idMessages.segment('/prod/web_1', 'web_1'),
      },
      {
        name: 'a name ending with a dash',
        text: app('  "id": $0"/web-",\n  "cmd": "x"'),
        codes: ['marathon/invalid-id'],
      },
      {
        name: 'a reserved last segment',
        text: app('  "id": $0"/prod/versions",\n  "cmd": "x"'),
        codes: ['marathon/invalid-id'],
        message: idMessages.reserved('/prod/versions', 'versions'),
      },
      {
        name: 'an app at the root',
        text: app('  "id": $0"/",\n  "cmd": "x"'),
        codes: ['marathon/invalid-id'],
        message: idMessages.root('app'),
      },
      {
        name: 'a dependency with an invalid segment',
        text: app('  "id": "/web",\n  "cmd": "x",\n  "dependencies": ["/db", $0"/DB"]'),
        codes: ['marathon/invalid-id'],
      },
      {
        name: 'a group’s apps and groups are its direct children, absolute or relative',
        text: '{"id": "/prod", "apps": [{"id": "/prod/web", "cmd": "x"}, {"id": "api", "cmd": "y"}],\n "groups": [{"id": "back", "apps": [{"id": "../back/db", "cmd": "z"}]}]}\n',
        codes: [],
      },
      {
        name: 'an app of a group that is not its child',
        text: '{"id": "/prod", "apps": [{"id": $0"/test/web", "cmd": "x"}, {"id": $0"web/x", "cmd": "y"}]}\n',
        codes: ['marathon/invalid-id', 'marathon/invalid-id'],
        message: idMessages.notChild('/test/web', '/prod'),
      },
    ].map(marathon),
  );
});

describe('marathon/cmd-and-args', () => {
  ruleCases(
    [
      { name: 'cmd alone', text: app('  "id": "/a",\n  "cmd": "sleep 1"'), codes: [] },
      { name: 'args alone', text: app('  "id": "/a",\n  "args": ["sleep", "1"]'), codes: [] },
      { name: 'an empty args beside cmd', text: app('  "id": "/a",\n  "cmd": "sleep 1",\n  "args": []'), codes: [] },
      {
        name: 'both',
        text: app('  "id": "/a",\n  "cmd": "sleep 1",\n  $0"args": ["sleep", "1"]'),
        codes: ['marathon/cmd-and-args'],
        message: cmdAndArgsMessage(),
      },
      {
        name: 'both, in an app of a group',
        text: '{"id": "/g", "apps": [{"id": "a", "cmd": "x", $0"args": ["y"]}]}\n',
        codes: ['marathon/cmd-and-args'],
      },
    ].map(marathon),
  );
});

describe('marathon/no-command', () => {
  ruleCases(
    [
      { name: 'cmd alone is something to run', text: app('  "id": "/a",\n  "cmd": "sleep 1"'), codes: [] },
      {
        name: 'a Docker container with no cmd or args (the image runs its own entrypoint)',
        text: app('  "id": "/a",\n  "container": {"type": "DOCKER", "docker": {"image": "nginx:1.27"}}'),
        codes: [],
      },
      {
        name: 'a MESOS container with a docker image',
        text: app('  "id": "/a",\n  "container": {"type": "MESOS", "docker": {"image": "nginx:1.27"}}'),
        codes: [],
      },
      {
        name: 'nothing to run: reported on the id',
        text: app('  $0"id": "/a",\n  "instances": 1'),
        codes: ['marathon/no-command'],
        message: noCommandMessage(),
      },
      {
        name: 'empty args count as none',
        text: app('  $0"id": "/a",\n  "args": []'),
        codes: ['marathon/no-command'],
      },
      {
        name: 'a container with no docker section runs nothing: reported on the container',
        text: app('  "id": "/a",\n  $0"container": {"type": "MESOS", "volumes": []}'),
        codes: ['marathon/no-command'],
      },
      {
        name: 'an app of a group with nothing to run',
        text: '{"id": "/g", "apps": [{$0"id": "a", "mem": 32}, {"id": "b", "cmd": "x"}]}\n',
        codes: ['marathon/no-command'],
      },
      {
        name: 'a group and a pod are not apps',
        text: '{"id": "/g", "groups": [{"id": "h"}]}\n',
        codes: [],
      },
    ].map(marathon),
  );
});

describe('marathon/duplicate-port-name', () => {
  ruleCases(
    [
      {
        name: 'distinct names, and the same name in portDefinitions and portMappings (each list on its own)',
        text: app(
          '  "id": "/a",\n  "cmd": "x",\n  "portDefinitions": [{"port": 0, "name": "http"}, {"port": 0, "name": "admin"}],\n  "container": {"type": "DOCKER", "portMappings": [{"containerPort": 80, "name": "http"}]}',
        ),
        codes: [],
      },
      {
        name: 'a name twice in portDefinitions',
        text: app(
          '  "id": "/a",\n  "cmd": "x",\n  "portDefinitions": [{"port": 0, "name": "http"}, {"port": 0, "name": $0"http"}]',
        ),
        codes: ['marathon/duplicate-port-name'],
        message: duplicatePortNameMessage('http', 'portDefinitions[0]'),
      },
      {
        name: 'a name twice in container.portMappings',
        text: app(
          '  "id": "/a",\n  "container": {"type": "DOCKER", "docker": {"image": "nginx"},\n    "portMappings": [{"containerPort": 80, "name": "web"}, {"containerPort": 81, "name": $0"web"}]}',
        ),
        codes: ['marathon/duplicate-port-name'],
      },
      {
        name: 'a pod: endpoint names across its containers',
        text: '{"id": "/p", "containers": [\n  {"name": "a", "resources": {"cpus": 0.1, "mem": 32}, "endpoints": [{"name": "web"}]},\n  {"name": "b", "resources": {"cpus": 0.1, "mem": 32}, "endpoints": [{"name": $0"web"}]}]}\n',
        codes: ['marathon/duplicate-port-name'],
        message: duplicatePortNameMessage('web', 'containers[0].endpoints[0]'),
      },
    ].map(marathon),
  );
});

describe('marathon/negative-instances', () => {
  ruleCases(
    [
      { name: 'zero instances (suspended)', text: app('  "id": "/a",\n  "cmd": "x",\n  "instances": 0'), codes: [] },
      {
        name: 'an app below zero',
        text: app('  "id": "/a",\n  "cmd": "x",\n  "instances": $0-1'),
        codes: ['marathon/negative-instances'],
        message: negativeInstancesMessage('instances', -1),
      },
      {
        name: 'a pod’s scaling below zero',
        text: '{"id": "/p", "scaling": {"kind": "fixed", "instances": $0-3},\n "containers": [{"name": "c", "resources": {"cpus": 0.1, "mem": 32}}]}\n',
        codes: ['marathon/negative-instances'],
        message: negativeInstancesMessage('scaling.instances', -3),
      },
    ].map(marathon),
  );
});

describe('a broken Marathon file', () => {
  it('gets the parser’s syntax error and no crash', () => {
    const file = createSourceFile('file:///w/marathon.json', 1, '{"id": "/a", "cmd": ');
    const codes = validate(file).map((d) => d.code);
    assert.ok(codes.includes('yaml/syntax'), JSON.stringify(codes));
  });
});
