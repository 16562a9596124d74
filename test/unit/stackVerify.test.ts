import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type Docker from 'dockerode';
import { verifyPeriodMs } from '../../client/src/engine/stack/converge';

const since = Date.parse('2026-12-05T12:00:00Z');
const at = (offsetMs: number): string => new Date(since + offsetMs).toISOString();
const template = (image: string) => ({ ContainerSpec: { Image: image } });

function service(fields: Record<string, unknown>): Docker.Service {
  return { ID: 'x', Spec: { Name: 'web', TaskTemplate: template('b') }, ...fields } as unknown as Docker.Service;
}

// The window in which old tasks still run after an update call (issue 12: a rolled-back update once reported
// "converged" because a scale-down matched the counts before swarm began the update).
describe('verifying a stack service after an update', () => {
  it('waits the default monitor period when this deploy changed the task template and no update is reported yet', () => {
    assert.equal(verifyPeriodMs(service({ UpdatedAt: at(200), PreviousSpec: { TaskTemplate: template('a') } }), since), 5000);
  });

  it("waits the service's own monitor period", () => {
    const s = service({
      UpdatedAt: at(200),
      PreviousSpec: { TaskTemplate: template('a') },
      Spec: { Name: 'web', TaskTemplate: template('b'), UpdateConfig: { Monitor: 2_000_000_000 } },
    });
    assert.equal(verifyPeriodMs(s, since), 2000);
  });

  it('does not wait for a new service, a replicas-only change, an update from before, or a completed update', () => {
    assert.equal(verifyPeriodMs(service({ UpdatedAt: at(200) }), since), 0);
    assert.equal(verifyPeriodMs(service({ UpdatedAt: at(200), PreviousSpec: { TaskTemplate: template('b') } }), since), 0);
    assert.equal(verifyPeriodMs(service({ UpdatedAt: at(-60_000), PreviousSpec: { TaskTemplate: template('a') } }), since), 0);
    const completed = service({
      UpdatedAt: at(200),
      PreviousSpec: { TaskTemplate: template('a') },
      UpdateStatus: { State: 'completed', StartedAt: at(300) },
    });
    assert.equal(verifyPeriodMs(completed, since), 0);
  });
});
