import { describe } from 'node:test';
import { ruleCases } from '../support/ruleCases';

const service = (body: string): string => `services:\n  web:\n    image: nginx\n${body}`;

describe('Compose schema, strict after interpolation', () => {
  ruleCases([
    {
      name: 'a typical file is clean',
      text: [
        'name: shop',
        'x-logging: &logging',
        '  driver: json-file',
        'services:',
        '  web:',
        '    image: "nginx:${TAG:-1.27}"',
        '    restart: on-failure:3',
        '    cpus: "0.5"',
        '    mem_limit: 512m',
        '    cpu_shares: "512"',
        '    privileged: false',
        '    ports: ["${PORT:-8080}:80", "127.0.0.1:8443:443/tcp"]',
        '    logging: *logging',
        '    x-notes: anything goes in extensions',
        '    deploy:',
        '      replicas: ${REPLICAS:-2}',
        '',
      ].join('\n'),
      codes: [],
    },
    {
      name: 'restart must be a policy compose knows',
      text: service('    restart: $0sometimes\n'),
      codes: ['compose/invalid-value'],
      message: "services.web.restart must be one of no, always, on-failure[:max-retries], unless-stopped, not 'sometimes'",
    },
    {
      name: 'cpu_shares must be a number',
      text: service('    cpu_shares: $0lots\n'),
      codes: ['compose/invalid-value'],
      message: /must be a number, not 'lots'/,
    },
    { name: 'a boolean must be one', text: service('    privileged: $0maybe\n'), codes: ['compose/invalid-value'] },
    { name: 'a byte size must be one', text: service('    mem_limit: $0lots\n'), codes: ['compose/invalid-value'] },
    {
      name: 'unknown keys are errors, with a suggestion',
      text: 'services:\n  web:\n    $0imagee: nginx\n',
      codes: ['compose/unknown-key'],
      message: "Unknown key 'imagee' in services.web. Did you mean 'image'?",
    },
    { name: 'unknown top-level key', text: 'services: {}\n$0volumez: {}\n', codes: ['compose/unknown-key'] },
    {
      name: 'a list where a mapping belongs',
      text: service('    deploy: $0[1, 2]\n'),
      codes: ['compose/invalid-type'],
      message: /must be a mapping/,
    },
    {
      name: 'a value checked after interpolation',
      text: service('    cpu_shares: $0${CPU:-lots}\n'),
      codes: ['compose/invalid-value'],
    },
    {
      name: 'a value from an unset variable is not judged',
      text: service('    cpu_shares: $0${CPU}\n'),
      codes: ['compose/unset-variable'],
    },
    {
      name: 'merge keys and !reset',
      text: 'x-base: &base\n  image: a\n  ports: ["80:80"]\nservices:\n  web:\n    <<: *base\n    ports: !reset []\n',
      codes: [],
    },
  ]);
});
