import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSourceFile, validate } from '../../server/src/service';
import { forbiddenMessage, ignoredMessage } from '../../server/src/service/rules/stack/stackKeys';
import { ruleCases } from '../support/ruleCases';

const path = '/w/docker-stack.yml';

describe('Swarm stack files, as docker stack deploy judges them', () => {
  ruleCases([
    {
      name: 'a typical stack is clean',
      path,
      text: 'version: "3.8"\nservices:\n  web:\n    image: nginx\n    deploy:\n      replicas: ${N:-2}\n      resources:\n        limits:\n          cpus: "0.5"\n          memory: 256M\n',
      codes: [],
    },
    {
      name: 'ignored keys are warnings',
      path,
      text: 'services:\n  web:\n    image: a\n    $0build: .\n    $0restart: always\n',
      codes: ['stack/ignored-key', 'stack/ignored-key'],
      message: ignoredMessage('build'),
    },
    {
      name: 'forbidden keys are errors',
      path,
      text: 'services:\n  web:\n    image: a\n    $0mem_limit: 1g\n',
      codes: ['stack/forbidden-key'],
      message: forbiddenMessage('mem_limit'),
    },
    {
      name: 'compose-only keys are unknown to stacks',
      path,
      text: 'services:\n  web:\n    image: a\n    $0profiles: [debug]\n',
      codes: ['compose/unknown-key'],
    },
    {
      name: 'every service needs an image',
      path,
      text: 'services:\n  $0web:\n    command: ["true"]\n',
      codes: ['stack/missing-image'],
    },
    {
      name: 'depends_on is a hint',
      path,
      text: 'services:\n  web:\n    image: a\n    $0depends_on: [db]\n  db:\n    image: b\n',
      codes: ['stack/depends-on-ignored'],
    },
    {
      name: 'the long form of depends_on is not in the v3 schema',
      path,
      text: 'services:\n  web:\n    image: a\n    depends_on:\n      db: {condition: service_healthy}\n  db:\n    image: b\n',
      codes: ['stack/depends-on-ignored', 'compose/invalid-type'],
    },
    {
      name: 'an integer from a variable is cast',
      path,
      text: 'services:\n  web:\n    image: a\n    deploy:\n      replicas: ${N:-3}\n',
      codes: [],
    },
    {
      name: 'an integer must be one',
      path,
      text: 'services:\n  web:\n    image: a\n    deploy:\n      replicas: $0lots\n',
      codes: ['compose/invalid-type'],
    },
    {
      name: 'cpus is a string in the v3 schema',
      path,
      text: 'services:\n  web:\n    image: a\n    deploy:\n      resources:\n        limits:\n          cpus: $00.5\n',
      codes: ['compose/invalid-type'],
    },
    {
      name: 'an unknown version',
      path,
      text: 'version: $0"2.4"\nservices:\n  web:\n    image: a\n',
      codes: ['stack/unsupported-version'],
    },
  ]);
});

describe('stack quick fixes', () => {
  const fixOf = (text: string, code: string): string | undefined => {
    const diagnostic = validate(createSourceFile('file:///w/docker-stack.yml', 1, text)).find((d) => d.code === code);
    const edit = diagnostic?.fixes?.[0]?.edits[0];
    return edit && `${diagnostic?.fixes?.[0]?.title}: ${edit.newText}`;
  };
  it('moves restart to deploy.restart_policy', () => {
    assert.equal(
      fixOf('services:\n  web:\n    image: a\n    restart: on-failure:3\n', 'stack/ignored-key'),
      'Move to deploy.restart_policy: deploy:\n      restart_policy:\n        condition: on-failure\n        max_attempts: 3',
    );
  });
  it('moves mem_limit to deploy.resources.limits.memory', () => {
    assert.equal(
      fixOf('services:\n  web:\n    image: a\n    mem_limit: 512m\n', 'stack/forbidden-key'),
      'Move to deploy.resources.limits.memory: deploy:\n      resources:\n        limits:\n          memory: 512m',
    );
  });
  it('offers no move when the service has a deploy section', () => {
    assert.equal(
      fixOf('services:\n  web:\n    image: a\n    restart: always\n    deploy: {replicas: 2}\n', 'stack/ignored-key'),
      undefined,
    );
  });
});
