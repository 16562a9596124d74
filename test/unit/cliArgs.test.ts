import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs, single, UsageError, type ArgSpec } from '../../client/src/cli/args';

const spec: ArgSpec = {
  values: ['--file', '--host'],
  flags: ['--volumes', '--yes'],
  aliases: { '-f': '--file', '-v': '--volumes' },
};

describe('the CLI argument reader', () => {
  it('reads values (spaced, with =, by alias, repeated), flags and positionals in any order', () => {
    const args = parseArgs(['p', '--file', 'a.yaml', '-f', 'b.yaml', '--file=c.yaml', '-v', 'svc=2', '--yes', '-'], spec);
    assert.deepEqual(args.positional, ['p', 'svc=2', '-']);
    assert.deepEqual(args.values.get('--file'), ['a.yaml', 'b.yaml', 'c.yaml']);
    assert.deepEqual([...args.flags].sort(), ['--volumes', '--yes']);
  });

  it('takes what follows -- as positionals', () => {
    assert.deepEqual(parseArgs(['--', '--file', '-v'], spec).positional, ['--file', '-v']);
  });

  const usage: [string[], string][] = [
    [['--bogus'], 'unknown option --bogus'],
    [['-x'], 'unknown option -x'],
    [['--file'], '--file needs a value'],
    [['--host='], '--host needs a value'],
    [['--yes=no'], '--yes takes no value'],
  ];
  for (const [argv, message] of usage)
    it(`says "${message}" for ${argv.join(' ')}`, () => {
      assert.throws(
        () => parseArgs(argv, spec),
        (error: unknown) => error instanceof UsageError && error.message === message,
      );
    });

  it('refuses a single-valued option given twice', () => {
    const args = parseArgs(['--host', 'a', '--host', 'b'], spec);
    assert.throws(() => single(args, '--host'), /--host can be given once/);
    assert.equal(single(parseArgs([], spec), '--host'), undefined);
  });
});
