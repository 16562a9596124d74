import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MASK, maskInspect } from '../../client/src/engine/inspect';

describe('Inspect masks secrets', () => {
  const inspect = {
    Id: 'abc',
    Config: {
      Env: ['DB_PASSWORD=hunter2', 'API_TOKEN=t0k', 'AWS_SECRET_ACCESS_KEY=s3', 'PATH=/usr/bin', 'MODE=prod', 'EMPTY='],
      Labels: {
        'org.stevedore.config': JSON.stringify({ environment: { DB_PASSWORD: 'hunter2', MODE: 'prod', UNSET: null } }),
        other: 'kept',
      },
    },
  };

  it('masks the values of secret-looking variables, keeps their names and everything else', () => {
    const masked = maskInspect(inspect) as { Config: { Env: string[]; Labels: Record<string, string> } };
    assert.deepEqual(masked.Config.Env, [
      `DB_PASSWORD=${MASK}`,
      `API_TOKEN=${MASK}`,
      `AWS_SECRET_ACCESS_KEY=${MASK}`,
      'PATH=/usr/bin',
      'MODE=prod',
      'EMPTY=',
    ]);
    assert.deepEqual(JSON.parse(masked.Config.Labels['org.stevedore.config'] ?? ''), {
      environment: { DB_PASSWORD: MASK, MODE: 'prod', UNSET: null },
    });
    assert.equal(masked.Config.Labels['other'], 'kept');
    assert.doesNotMatch(JSON.stringify(masked), /hunter2|t0k|=s3/);
  });

  it('leaves its input unchanged', () => {
    maskInspect(inspect);
    assert.equal(inspect.Config.Env[0], 'DB_PASSWORD=hunter2');
  });
});
