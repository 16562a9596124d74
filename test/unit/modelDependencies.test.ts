import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cycleMessage, dependenciesOf, walkDependencies } from '@stevedore/model';

describe('model: the depends_on walk', () => {
  it('reads the list and the long form', () => {
    assert.deepEqual(dependenciesOf({ depends_on: ['db', 3, 'cache'] }), ['db', 'cache']);
    assert.deepEqual(dependenciesOf({ depends_on: { db: { condition: 'service_healthy' } } }), ['db']);
    assert.deepEqual(dependenciesOf({ image: 'x' }), []);
  });
  it('orders dependencies first, from the roots only, skipping services that are not there', () => {
    const services = {
      web: { depends_on: ['api', 'ghost'] },
      api: { depends_on: { db: {} } },
      db: {},
      other: {},
    };
    assert.deepEqual(walkDependencies(services, ['web']), { order: ['db', 'api', 'web'], cycles: [] });
    assert.deepEqual(walkDependencies(services).order, ['db', 'api', 'web', 'other']);
  });
  it('finds each cycle once, from the service that closes it, without the path that led there', () => {
    const services = {
      web: { depends_on: ['a'] },
      a: { depends_on: ['b'] },
      b: { depends_on: ['a'] },
      self: { depends_on: ['self'] },
    };
    const walk = walkDependencies(services);
    assert.deepEqual(walk.cycles, [
      { services: ['a', 'b', 'a'], from: 'b' },
      { services: ['self', 'self'], from: 'self' },
    ]);
    assert.equal(cycleMessage(walk.cycles[0]?.services ?? []), 'depends_on forms a cycle: a → b → a');
  });
  it('does not take inherited names for services', () => {
    assert.deepEqual(walkDependencies({ web: { depends_on: ['constructor', 'toString'] } }).order, ['web']);
  });
  it('walks edges read elsewhere (an index of services) as it walks the services themselves', () => {
    const services = {
      web: { depends_on: ['a'] },
      a: { depends_on: { b: { condition: 'service_started' } } },
      b: { depends_on: ['a', 'ghost'] },
    };
    const edges = new Map(Object.entries(services).map(([name, service]) => [name, dependenciesOf(service)]));
    const walk = walkDependencies(services, undefined, (name) => edges.get(name) ?? []);
    assert.deepEqual(walk, walkDependencies(services));
    assert.deepEqual(walk.cycles, [{ services: ['a', 'b', 'a'], from: 'b' }]);
  });
});
