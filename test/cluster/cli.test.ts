import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLab, type Lab } from '../support/swarmLab';
import { stevedore } from '../support/stevedoreCli';

/** `stevedore deploy / ps / scale / down` against the lab's manager socket (--host), as a user runs them. */

const STACK = 'sdlabcli';
const stackFile = (image: string): string => `
version: "3.8"
services:
  web:
    image: ${image}
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
    init: true
    deploy:
      replicas: 3
      endpoint_mode: dnsrr
      placement: {max_replicas_per_node: 2}
      update_config: {parallelism: 1, delay: 1s, failure_action: rollback, monitor: 2s}
`;

describe('stevedore against a three-node swarm', () => {
  let lab: Lab;
  let dir: string;
  let file: string;
  let host: string;

  before(async () => {
    lab = await startLab('sl');
    host = `unix://${lab.socket(1)}`;
    dir = await mkdtemp(join(tmpdir(), 'sdlabcli-'));
    file = join(dir, 'docker-stack.yml');
    await writeFile(file, stackFile('stevedore/busybox:local'));
  });
  after(async () => {
    await lab?.down();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('deploys and waits until every replica runs', () => {
    const run = stevedore('deploy', file, '--stack', STACK, '--host', host);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /✓ create service sdlabcli_web: new/);
    assert.match(run.out, / {2}sdlabcli_web 3\/3\n/);
    assert.match(run.out, /done: 1 service\(s\) converged/);
  });

  it('lists one task per node, each node ready and active', () => {
    const run = stevedore('ps', STACK, '--host', host);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /^sdlabcli_web {2}replicated {2}3\/3 {2}stevedore\/busybox:local {2}$/m);
    const nodes = [...run.out.matchAll(/^ {2}sdlabcli_web\.\d {2}(node\d) \(ready, active\) {2}running \(desired running\)$/gm)];
    assert.deepEqual(nodes.map((m) => m[1]).sort(), ['node1', 'node2', 'node3']);
  });

  it('scales to six, two per node (max_replicas_per_node: 2)', () => {
    const run = stevedore('scale', STACK, 'web=6', '--host', host);
    assert.equal(run.code, 0, run.err);
    const ps = stevedore('ps', STACK, '--host', host).out;
    assert.match(ps, /^sdlabcli_web {2}replicated {2}6\/6 /m);
    const nodes = [...ps.matchAll(/^ {2}sdlabcli_web\.\d {2}(node\d) \(ready, active\) {2}running \(desired running\)$/gm)];
    assert.deepEqual(nodes.map((m) => m[1]).sort(), ['node1', 'node1', 'node2', 'node2', 'node3', 'node3']);
  });

  it('reports a rolled-back update with the task error, the rollback shown while it runs', async () => {
    await writeFile(file, stackFile('stevedore/missing:lab'));
    const run = stevedore('deploy', file, '--stack', STACK, '--host', host);
    assert.equal(run.code, 1, run.out);
    const lines = run.out.split('\n');
    const rolling = lines.findIndex((l) => /^ {2}sdlabcli_web \d\/6, rollback_started \(update rolled back due to/.test(l));
    const done = lines.findIndex((l) => /^ {2}sdlabcli_web \d\/6, rollback_completed/.test(l));
    assert.ok(rolling >= 0 && rolling < done, run.out);
    assert.match(
      run.err,
      /deployed, but not converged:\nsdlabcli_web: 6\/6 running; update rolled back: .*No such image: stevedore\/missing:lab/,
    );
  });

  it('takes the stack down', async () => {
    const run = stevedore('down', STACK, '--host', host);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /removed service sdlabcli_web/);
    assert.match(run.out, /removed network sdlabcli_default/);
    assert.deepEqual(await lab.manager.docker.listServices(), []);
    assert.match(stevedore('ps', STACK, '--host', host).out, /nothing of project sdlabcli runs on this engine/);
  });
});
