import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseImageReference } from '../../client/src/engine/commit';

describe('image references for Save container as image', () => {
  const valid: [string, string, string][] = [
    ['myapp', 'myapp', 'latest'],
    ['myapp:debug', 'myapp', 'debug'],
    ['team/my-app_2:v1.2-rc_3', 'team/my-app_2', 'v1.2-rc_3'],
    ['localhost:5000/app:1', 'localhost:5000/app', '1'],
    ['registry.example.com/a/b__c:x', 'registry.example.com/a/b__c', 'x'],
    ['Registry.Example.com:443/app', 'Registry.Example.com:443/app', 'latest'],
    ['a--b', 'a--b', 'latest'],
  ];
  for (const [text, repository, tag] of valid)
    it(`reads ${text}`, () => assert.deepEqual(parseImageReference(text), { repository, tag }));

  const invalid: [string, RegExp][] = [
    ['', /an image name is needed/],
    ['MyApp', /must be lowercase \("MyApp"\)/],
    ['app:', /the tag "" must be/],
    ['app:-x', /the tag "-x" must be/],
    [`app:${'x'.repeat(129)}`, /the tag ".*" must be 1–128/],
    ['app@sha256:abc', /a tag, not a digest/],
    ['team//app', /"\(empty\)" is not a valid name part/],
    ['-app', /"-app" is not a valid name part/],
    ['app.', /"app\." is not a valid name part/],
    ['a...b', /"a\.\.\.b" is not a valid name part/],
    ['bad_host.:5000/app', /"bad_host\.:5000" is not a valid registry/],
    ['my app', /"my app" is not a valid name part/],
    [`${'a'.repeat(256)}`, /longer than 255/],
  ];
  for (const [text, error] of invalid)
    it(`refuses ${JSON.stringify(text.slice(0, 30))}`, () => assert.throws(() => parseImageReference(text), error));
});
