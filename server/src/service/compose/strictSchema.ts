/**
 * The official schemas admit a string wherever a number or boolean may be written, only so that `${VAR}` validates
 * before interpolation. We validate after interpolation, so such strings must say what the tools would cast: a
 * number, an integer, a boolean; or a byte size where the tools read units (`512m`). Values the tools really take as
 * text (`expose: 8080-8081/tcp`, `external: {name: …}`, driver options…) keep their loose types.
 */
type Schema = Record<string, unknown>;

/** What a strict string must match, by the type it stands for. */
export const CASTABLE: Record<string, { pattern: string; expect: string }> = {
  integer: { pattern: '^[+-]?[0-9]+$', expect: 'an integer' },
  number: { pattern: '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$', expect: 'a number' },
  // strconv.ParseBool plus YAML 1.1's yes/no/on/off, which the compose loaders also accept for booleans.
  boolean: {
    pattern: '^(true|True|TRUE|false|False|FALSE|t|T|f|F|1|0|yes|Yes|YES|no|No|NO|y|Y|n|N|on|On|ON|off|Off|OFF)$',
    expect: 'true or false',
  },
};

/** Sizes as the tools parse them (go-units RAMInBytes): `1024`, `512m`, `1.5GB`, `2 gib`. */
const BYTES = { pattern: '^[0-9]+([.][0-9]+)*\\s?([kKmMgGtTpP]?[iI]?[bB]?)$', expect: 'a byte size such as 512m or 1.5g' };

/** Schema paths whose loose string is real text, not an interpolation stand-in. */
const KEEP_LOOSE = [
  /\/expose\/items$/,
  /\/group_add\/items$/,
  /\/driver_opts\//,
  /\/options\//,
  /\/external$/,
  /\/count$/,
  /\/provenance$/,
  /\/sbom$/,
  /\/pid$/,
  /\/list_or_dict\//,
  /\/ulimits\//,
];
const BYTE_SIZES = [/\/mem_limit$/, /\/mem_reservation$/, /\/memswap_limit$/, /\/shm_size$/, /\/rate$/];
/** A published port may be a range: `published: "8080-8081"`. */
const PORT_RANGE = { pattern: '^[0-9]+(-[0-9]+)?$', expect: 'a port or a range such as 8080-8081' };

/** Enumerations the official schema leaves to prose, written out so that `restart: sometimes` is an error. */
const ENUM_PATTERNS: Record<string, { pattern: string; expect: string; choices: readonly string[] }> = {
  '/definitions/service/properties/restart': {
    pattern: '^(no|always|unless-stopped|on-failure(:[0-9]+)?)$',
    expect: 'one of no, always, on-failure[:max-retries], unless-stopped',
    choices: ['no', 'always', 'on-failure', 'unless-stopped'],
  },
  '/definitions/service/properties/pull_policy': {
    pattern: '^(always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+)$',
    expect: 'one of always, never, missing, build, if_not_present, refresh, daily, weekly, every_<duration>',
    choices: ['always', 'never', 'missing', 'build', 'refresh', 'daily', 'weekly'],
  },
};

export const EXPECT = 'x-stevedore-expect';
/** The plain values a pattern-enumeration offers as quick fixes (a pattern may allow more, such as `on-failure:3`). */
export const CHOICES = 'x-stevedore-choices';

function strictType(path: string, schema: Schema): Schema {
  const types = schema['type'];
  if (!Array.isArray(types) || !types.includes('string') || KEEP_LOOSE.some((re) => re.test(path))) return schema;
  // A string with a grammar of its own (`format: ports`, a pattern) is real text.
  if ('format' in schema || 'pattern' in schema) return schema;
  const others = types.filter((t): t is string => typeof t === 'string' && t !== 'string');
  const castTo = others.find((t) => t in CASTABLE);
  if (!castTo || others.some((t) => !(t in CASTABLE) && t !== 'null')) return schema;
  const rule = BYTE_SIZES.some((re) => re.test(path)) ? BYTES : path.endsWith('/published') ? PORT_RANGE : CASTABLE[castTo];
  if (!rule) return schema;
  const { type: _type, ...rest } = schema;
  return {
    ...rest,
    anyOf: [{ type: others }, { type: 'string', pattern: rule.pattern, [EXPECT]: rule.expect }],
    [EXPECT]: rule.expect,
  };
}

/** A deep copy of `schema` with the loose types made strict and the prose enumerations added. */
export function strictSchema(schema: unknown, path = ''): unknown {
  if (Array.isArray(schema)) return schema.map((item, i) => strictSchema(item, `${path}/${i}`));
  if (!schema || typeof schema !== 'object') return schema;
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema as Schema)) copy[key] = strictSchema(value, `${path}/${key}`);
  const enumeration = ENUM_PATTERNS[path];
  if (enumeration)
    Object.assign(copy, { pattern: enumeration.pattern, [EXPECT]: enumeration.expect, [CHOICES]: enumeration.choices });
  return strictType(path, copy);
}
