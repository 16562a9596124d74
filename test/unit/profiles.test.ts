import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  activeProfiles,
  declaredProfiles,
  enabledProfiles,
  loadProject,
  profilesOfServices,
  type ComposeProject,
  type LoadOptions,
} from '@stevedore/model';
import { describeProfiles, runDeploy, type DeployPort, type DeployRequest, type DeployUi } from '../../client/src/engine';
import { describeGroup, groupByProfile } from '../../client/src/views/profileGroups';
import { memoryHost } from '../support/memoryHost';

/** Profiles: the model's one reading of them, the explorer's grouping, the lens's words, and Deploy's question. */

const FILE =
  'services:\n  app: {image: x}\n  dbg: {image: x, profiles: [debug]}\n  seed: {image: x, profiles: [tools, debug]}\n  lint: {image: x, profiles: [tools]}\n';

function load(files: Record<string, string>, options: Partial<LoadOptions> = {}): ComposeProject {
  const result = loadProject(memoryHost(files), { files: [Object.keys(files)[0] ?? ''], environment: {}, ...options });
  if (!result.ok) assert.fail(result.problems.map((p) => p.message).join('; '));
  return result.project;
}

describe('profiles in the model', () => {
  it('the active profiles: those given, else COMPOSE_PROFILES split at commas', () => {
    assert.deepEqual(activeProfiles({ COMPOSE_PROFILES: 'debug,tools' }), ['debug', 'tools']);
    assert.deepEqual(activeProfiles({ COMPOSE_PROFILES: 'debug' }, ['tools']), ['tools']);
    assert.deepEqual(activeProfiles({ COMPOSE_PROFILES: 'debug' }, []), []);
    assert.deepEqual(activeProfiles({}), []);
  });

  it('a loaded project records its active profiles, from .env too, and none for a stack', () => {
    const files = { '/w/p/compose.yaml': FILE, '/w/p/.env': 'COMPOSE_PROFILES=tools\n' };
    const project = load(files);
    assert.deepEqual(project.profiles, ['tools']);
    assert.deepEqual(Object.keys(project.services), ['app', 'seed', 'lint']);
    assert.deepEqual(load(files, { environment: { COMPOSE_PROFILES: 'debug' } }).profiles, ['debug']);
    assert.deepEqual(load(files, { stack: true }).profiles, []);
  });

  it('declares every profile a service names, enabled or not, sorted, with its services in file order', () => {
    assert.deepEqual(declaredProfiles(load({ '/w/p/compose.yaml': FILE })), [
      { profile: 'debug', services: ['dbg', 'seed'] },
      { profile: 'tools', services: ['seed', 'lint'] },
    ]);
    assert.deepEqual(declaredProfiles(load({ '/w/p/compose.yaml': 'services:\n  app: {image: x}\n' })), []);
  });

  it('the enabled profiles are the declared ones the load enabled: all of them under *', () => {
    const files = { '/w/p/compose.yaml': FILE };
    assert.deepEqual(enabledProfiles(load(files, { environment: { COMPOSE_PROFILES: 'debug,other' } })), ['debug']);
    assert.deepEqual(enabledProfiles(load(files, { profiles: ['*'] })), ['debug', 'tools']);
    assert.deepEqual(enabledProfiles(load(files)), []);
  });

  it('the profiles of named services, enabled or not', () => {
    const project = load({ '/w/p/compose.yaml': FILE });
    assert.deepEqual(profilesOfServices(project, ['seed']), ['tools', 'debug']);
    assert.deepEqual(profilesOfServices(project, ['app', 'lint']), ['tools']);
  });
});

describe('the explorer groups a deployed project by profile', () => {
  const declared = declaredProfiles(load({ '/w/p/compose.yaml': FILE }));

  it('services without a profile at the top, a group per profile, inactive when none of its services runs', () => {
    const layout = groupByProfile(['app', 'dbg', 'extra'], declared);
    assert.deepEqual(layout.top, ['app', 'extra']);
    assert.deepEqual(layout.groups, [
      {
        profile: 'debug',
        active: true,
        services: [
          { service: 'dbg', deployed: true },
          { service: 'seed', deployed: false },
        ],
      },
      {
        profile: 'tools',
        active: false,
        services: [
          { service: 'seed', deployed: false },
          { service: 'lint', deployed: false },
        ],
      },
    ]);
    assert.deepEqual(layout.groups.map(describeGroup), ['1/2 deployed', 'inactive profile']);
  });

  it('a service of two profiles shows in both; without the file every service is at the top', () => {
    const layout = groupByProfile(['app', 'seed'], declared);
    assert.deepEqual(
      layout.groups.map((g) => [g.profile, g.active]),
      [
        ['debug', true],
        ['tools', true],
      ],
    );
    assert.deepEqual(groupByProfile(['app', 'seed']), { top: ['app', 'seed'], groups: [] });
  });
});

describe('the lens names the profile that enables a service', () => {
  it('one or several profiles, and whether Deploy enables them; nothing without profiles', () => {
    assert.equal(describeProfiles(['debug'], false), 'profile: debug (not enabled)');
    assert.equal(describeProfiles(['debug', 'tools'], true), 'profiles: debug, tools');
    assert.equal(describeProfiles([], true), undefined);
  });
});

describe('Deploy asks which profiles to enable', () => {
  const host = memoryHost({ '/w/shop/compose.yaml': FILE, '/w/shop/.env': 'COMPOSE_PROFILES=debug\n' });
  const request = (more: Partial<DeployRequest> = {}): DeployRequest => ({
    host,
    files: ['/w/shop/compose.yaml'],
    fileKind: 'compose',
    load: { environment: {} },
    dryRun: true,
    ...more,
  });
  /** A fake engine that records the services each plan was given. */
  function port(manager = false): { port: DeployPort; planned: string[][] } {
    const planned: string[][] = [];
    return {
      planned,
      port: {
        isSwarmManager: () => Promise.resolve(manager),
        lock: () => Promise.reject(new Error('a dry run takes no lock')),
        plan: (target, project) => {
          planned.push(Object.keys(project.services));
          const preview = {
            target,
            endpoint: 'unix:///fake.sock',
            operations: ['create'],
            warnings: [],
            blockers: [],
            dataLoss: [],
            empty: false,
          };
          return Promise.resolve({ preview, apply: () => Promise.reject(new Error('dry run')) });
        },
        converge: () => Promise.reject(new Error('no stack here')),
      },
    };
  }
  /** A fake editor: answers the profile question as told and records it. */
  function ui(answer: readonly string[] | undefined, asked: unknown[] = [], withQuestion = true): DeployUi {
    return {
      chooseTarget: () => Promise.resolve('compose'),
      showPlan: () => undefined,
      confirmPlan: () => Promise.resolve(true),
      progress: (_preview, work) => work(() => undefined),
      ...(withQuestion
        ? {
            chooseProfiles: (question) => {
              asked.push({
                declared: question.declared.map((d) => d.profile),
                defaults: question.defaults,
                target: question.target.name,
              });
              return Promise.resolve(answer);
            },
          }
        : {}),
    };
  }

  it('offers the declared profiles with COMPOSE_PROFILES (.env) checked, and deploys the services the answer enables', async () => {
    const asked: unknown[] = [];
    const fake = port();
    const outcome = await runDeploy(request(), fake.port, ui(['tools'], asked));
    assert.equal(outcome.status, 'dry-run');
    assert.deepEqual(asked, [{ declared: ['debug', 'tools'], defaults: ['debug'], target: 'shop' }]);
    assert.deepEqual(fake.planned, [['app', 'seed', 'lint']]);
  });

  it('a dismissed question deploys nothing', async () => {
    const fake = port();
    assert.equal((await runDeploy(request(), fake.port, ui(undefined))).status, 'declined');
    assert.deepEqual(fake.planned, []);
  });

  it('does not ask when profiles are given, or the front does not ask (the CLI: COMPOSE_PROFILES)', async () => {
    const asked: unknown[] = [];
    const given = port();
    await runDeploy(request({ load: { environment: {}, profiles: [] } }), given.port, ui(['tools'], asked));
    assert.deepEqual(given.planned, [['app']]);
    const cli = port();
    await runDeploy(request(), cli.port, ui(['tools'], asked, false));
    assert.deepEqual(cli.planned, [['app', 'dbg', 'seed']]);
    assert.deepEqual(asked, []);
  });

  it('a deploy of a named service enables its profiles, as `docker compose up NAME` does, without asking', async () => {
    const asked: unknown[] = [];
    const fake = port();
    await runDeploy(request({ services: ['lint'], load: { environment: {}, profiles: [] } }), fake.port, ui([], asked));
    assert.deepEqual(fake.planned, [['app', 'seed', 'lint']]);
    assert.deepEqual(asked, []);
  });

  it('neither asks for a stack (which has no profiles) nor for a file without profiles', async () => {
    const asked: unknown[] = [];
    const stack = port(true);
    await runDeploy(request({ as: 'stack' }), stack.port, ui(['tools'], asked));
    assert.deepEqual(stack.planned, [['app', 'dbg', 'seed', 'lint']]);
    const plain = port();
    const plainHost = memoryHost({ '/w/plain/compose.yaml': 'services:\n  web: {image: x}\n' });
    await runDeploy(request({ host: plainHost, files: ['/w/plain/compose.yaml'] }), plain.port, ui(['tools'], asked));
    assert.deepEqual(plain.planned, [['web']]);
    assert.deepEqual(asked, []);
  });
});
