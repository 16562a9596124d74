import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSourceFile, validate } from '../../server/src/service';
import { memoryHost } from '../support/memoryHost';
import { requiredVariableMessage, unsetVariableMessage } from '../../server/src/service/rules/compose/interpolation';
import { undefinedReferenceMessage } from '../../server/src/service/rules/compose/references';
import { cycleMessage } from '../../server/src/service/rules/compose/dependsOn';
import { ruleCases } from '../support/ruleCases';

describe('Compose interpolation', () => {
  ruleCases([
    {
      name: 'an unset variable without default',
      text: 'services:\n  web:\n    image: "nginx:$0${TAG}"\n',
      codes: ['compose/unset-variable'],
      message: unsetVariableMessage('TAG'),
    },
    {
      name: 'a variable from .env',
      text: 'services:\n  web:\n    image: "nginx:${TAG}"\n',
      files: { '/w/.env': '# tags\nexport TAG=1.27\n' },
      codes: [],
    },
    {
      name: 'a variable from settings',
      text: 'services:\n  web:\n    image: "nginx:${TAG}"\n',
      context: { env: { TAG: '1' } },
      codes: [],
    },
    {
      name: 'defaults of every form',
      text: 'services:\n  web:\n    image: "${A:-x}${B-y}${C:+z}${D+w}$${NOT_A_VAR}$1"\n',
      codes: [],
    },
    { name: 'nested defaults', text: 'services:\n  web:\n    image: "${A:-${B:-nginx}}"\n', codes: [] },
    {
      name: 'a required variable quotes its message',
      text: 'services:\n  web:\n    image: "nginx:$0${TAG:?set TAG to a release}"\n',
      codes: ['compose/required-variable'],
      message: requiredVariableMessage('TAG', 'set TAG to a release'),
    },
    {
      name: 'a malformed ${ is an error',
      text: 'services:\n  web:\n    image: "nginx:$0${TAG"\n',
      codes: ['compose/interpolation-syntax'],
    },
    {
      name: 'a bad name inside ${} is an error',
      text: 'services:\n  web:\n    image: "nginx:$0${1TAG}"\n',
      codes: ['compose/interpolation-syntax'],
    },
  ]);
});

describe('Compose references', () => {
  ruleCases(
    [
      {
        name: 'depends_on names an undefined service',
        text: 'services:\n  web:\n    image: a\n    depends_on: [$0dbb]\n  db:\n    image: b\n',
        codes: ['compose/undefined-reference'],
        message: undefinedReferenceMessage('services', 'dbb', 'db'),
      },
      {
        name: 'long-form depends_on, links, volumes_from, network_mode',
        text: [
          'services:',
          '  web:',
          '    image: a',
          '    depends_on:',
          '      $0cache: {condition: service_started}',
          '    links: [$0"queue:q"]',
          '    volumes_from: [$0data, "container:external"]',
          '  side:',
          '    image: a',
          '    network_mode: $0"service:nope"',
          '',
        ].join('\n'),
        codes: [
          'compose/undefined-reference',
          'compose/undefined-reference',
          'compose/undefined-reference',
          'compose/undefined-reference',
        ],
      },
      {
        name: 'networks, named volumes, secrets and configs must be defined',
        text: [
          'services:',
          '  web:',
          '    image: a',
          '    networks: [default, $0back]',
          '    volumes: ["./src:/src", "/etc/x:/x", $0"data:/data", {type: volume, source: $0cache, target: /c}]',
          '    secrets: [$0token]',
          '    configs: [{source: $0conf, target: /c}]',
          '',
        ].join('\n'),
        codes: [
          'compose/undefined-reference',
          'compose/undefined-reference',
          'compose/undefined-reference',
          'compose/undefined-reference',
          'compose/undefined-reference',
        ],
      },
      {
        name: 'everything defined',
        text: 'services:\n  web:\n    image: a\n    networks: [back]\n    volumes: ["data:/d"]\n    secrets: [token]\nnetworks:\n  back:\nvolumes:\n  data:\nsecrets:\n  token:\n    environment: TOKEN\n',
        codes: [],
      },
      {
        name: 'a service defined in an included file is defined',
        text: 'include: [other/compose.yaml]\nservices:\n  web:\n    image: a\n    depends_on: [db]\n',
        files: { '/w/other/compose.yaml': 'services:\n  db:\n    image: b\n' },
        codes: [],
      },
      {
        name: 'extends names a service of another file',
        text: 'services:\n  web:\n    extends: {file: common.yaml, service: $0bsae}\n  api:\n    extends: {file: common.yaml, service: base}\n',
        files: { '/w/common.yaml': 'services:\n  base:\n    image: a\n' },
        codes: ['compose/undefined-reference'],
        message: "service 'bsae' is not defined in common.yaml. Did you mean 'base'?",
      },
      {
        name: 'an override file sees the services of its base file',
        path: '/w/compose.override.yaml',
        text: 'services:\n  web:\n    depends_on: [db]\n',
        files: { '/w/compose.yaml': 'services:\n  web:\n    image: a\n  db:\n    image: b\n' },
        codes: [],
      },
    ],
    ['compose/unused'],
  );
});

describe('Compose semantic rules', () => {
  ruleCases([
    {
      name: 'a depends_on cycle',
      text: 'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [$0a]\n',
      codes: ['compose/depends-on-cycle'],
      message: cycleMessage(['a', 'b', 'a']),
    },
    {
      name: 'service_healthy on a service without healthcheck',
      text: 'services:\n  web:\n    image: x\n    depends_on:\n      db:\n        condition: $0service_healthy\n  db:\n    image: y\n',
      codes: ['compose/healthcheck-missing'],
    },
    {
      name: 'service_healthy on a service with a healthcheck',
      text: 'services:\n  web:\n    image: x\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: y\n    healthcheck:\n      test: ["CMD", "true"]\n',
      codes: [],
    },
    {
      name: 'container_name with replicas',
      text: 'services:\n  web:\n    image: x\n    $0container_name: web\n    deploy:\n      replicas: 3\n',
      codes: ['compose/container-name-replicas'],
    },
    {
      name: 'a port out of range',
      text: 'services:\n  web:\n    image: x\n    ports: [$0"70000:80"]\n',
      codes: ['compose/invalid-port'],
      message: 'Invalid port: host port 70000 is out of range 1-65535',
    },
    {
      name: 'a malformed port',
      text: 'services:\n  web:\n    image: x\n    ports: [$0"80:80:80:80"]\n',
      codes: ['compose/invalid-port'],
    },
    {
      name: 'the same host port twice',
      text: 'services:\n  web:\n    image: x\n    ports: ["8080:80"]\n  api:\n    image: y\n    ports: [$0{target: 81, published: "8079-8081"}, "8080:82/udp"]\n',
      codes: ['compose/duplicate-host-port'],
    },
    {
      name: 'an unused network and volume are hints',
      text: 'services:\n  web:\n    image: x\nnetworks:\n  $0back:\nvolumes:\n  $0data:\n',
      codes: ['compose/unused', 'compose/unused'],
    },
    {
      name: 'missing files are warnings',
      text: 'services:\n  web:\n    build: $0./app\n    env_file: [$0web.env, {path: optional.env, required: false}]\nsecrets:\n  key:\n    file: $0./key.txt\n',
      codes: ['compose/missing-file', 'compose/missing-file', 'compose/missing-file'],
    },
    {
      name: 'present files are fine',
      text: 'services:\n  web:\n    build: ./app\n    env_file: web.env\n',
      files: { '/w/app/Dockerfile': 'FROM scratch\n', '/w/web.env': 'A=1\n' },
      codes: [],
    },
    {
      name: 'severities can be changed or switched off',
      text: 'services:\n  web:\n    image: "$0${TAG}"\n    ports: ["70000:80"]\n',
      context: { severities: { 'compose/unset-variable': 'error', 'compose/invalid-port': 'off' } },
      codes: ['compose/unset-variable'],
    },
  ]);
});

describe('quick fixes', () => {
  it('define a missing network, and correct a misspelled one', () => {
    const text = 'services:\n  web:\n    image: a\n    networks: [bakc]\nnetworks:\n  back: {}\n';
    const [diagnostic] = validate(createSourceFile('file:///w/compose.yaml', 1, text), { host: memoryHost({}) }).filter(
      (d) => d.code === 'compose/undefined-reference',
    );
    assert.deepEqual(
      diagnostic?.fixes?.map((f) => [f.title, f.edits.map((e) => e.newText)]),
      [
        ["Change to 'back'", ['back']],
        ["Define network 'bakc' at the top level", ['  bakc: {}\n']],
      ],
    );
  });

  it('define a missing secret as external in a new section', () => {
    const text = 'services:\n  web:\n    image: a\n    secrets: [token]\n';
    const [diagnostic] = validate(createSourceFile('file:///w/compose.yaml', 1, text)).filter(
      (d) => d.code === 'compose/undefined-reference',
    );
    assert.deepEqual(diagnostic?.fixes?.[0]?.edits, [
      {
        range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
        newText: 'secrets:\n  token:\n    external: true\n',
      },
    ]);
  });
});
