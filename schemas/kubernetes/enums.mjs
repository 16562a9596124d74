// Extracts the enumerated values of Kubernetes' fields (KEP-2887: a string type marked `+enum` in k8s.io/api, whose
// values are the constants of that type) into schemas/kubernetes/enums.json, per release:
//   node schemas/kubernetes/enums.mjs PATH/TO/kubernetes/api   (a clone of github.com/kubernetes/api, with its tags)
// kube-openapi lays the same values into the OpenAPI an API server serves (feature gate OpenAPIEnums, on by default
// since 1.24): `enum` on a field of such a type (or a pointer to it), on the items of a list or the values of a map
// of it. The documents checked in to kubernetes/kubernetes are generated with the gate off, so neither they nor the
// swagger.json the bundles are made from hold any `enum`; this script reads the Go types as kube-openapi does.
// generate.mjs then lays the values into each bundle's definitions. To check the result against a document made
// with the gate on (kubernetes-sigs/reference-docs keeps such swagger.json files for recent releases):
//   node schemas/kubernetes/enums.mjs --compare 1.36 PATH/TO/swagger.json
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/** The releases the bundles are made for, and the k8s.io/api tag of each. */
const RELEASES = { 1.32: 'v0.32.0', 1.33: 'v0.33.0', 1.34: 'v0.34.0', 1.35: 'v0.35.0', 1.36: 'v0.36.0' };
const enumsFile = new URL('./enums.json', import.meta.url).pathname;

if (process.argv[2] === '--compare') {
  compare(process.argv[3], process.argv[4]);
  process.exit(0);
}

/** Lists where enums.json and an OpenAPI document (v2 or v3) with enums disagree for a release. */
function compare(release, documentPath) {
  if (!release || !documentPath) {
    console.error('usage: node schemas/kubernetes/enums.mjs --compare 1.N OPENAPI.json');
    process.exit(2);
  }
  const document = JSON.parse(readFileSync(documentPath, 'utf8'));
  const definitions = document.definitions ?? document.components?.schemas ?? {};
  const theirs = new Map();
  for (const [name, schema] of Object.entries(definitions))
    for (const [property, p] of Object.entries(schema.properties ?? {})) {
      const holder = [p, p.items, p.additionalProperties].find((h) => h && typeof h === 'object' && Array.isArray(h.enum));
      if (holder) theirs.set(`${name}.${property}`, JSON.stringify([...holder.enum].sort()));
    }
  const ours = new Map();
  for (const [name, properties] of Object.entries(JSON.parse(readFileSync(enumsFile, 'utf8')).fields))
    for (const [property, { releases }] of Object.entries(properties)) {
      const values = Object.entries(releases).find(([list]) => list.split(' ').includes(release))?.[1];
      if (values && definitions[name]?.properties?.[property]) ours.set(`${name}.${property}`, JSON.stringify(values));
    }
  const same = [...ours].filter(([k, v]) => theirs.get(k) === v).length;
  console.log(`${release}: ${same} fields agree; the document has ${theirs.size} enumerated fields, enums.json ${ours.size}`);
  for (const [k, v] of theirs) if (!ours.has(k)) console.log(`  only in the document: ${k} ${v}`);
  for (const [k, v] of ours) if (!theirs.has(k)) console.log(`  only in enums.json: ${k} ${v}`);
  for (const [k, v] of ours) if (theirs.has(k) && theirs.get(k) !== v) console.log(`  differ: ${k} ${v} vs ${theirs.get(k)}`);
}

const repo = process.argv[2];
if (!repo) {
  console.error('usage: node schemas/kubernetes/enums.mjs PATH/TO/kubernetes/api');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

/** The Go source files of a release that declare API types: `<group>/<version>/*.go`, less tests and generated code. */
function sourceFiles(tag) {
  return git('ls-tree', '-r', '--name-only', tag)
    .split('\n')
    .filter((f) => /^[a-z0-9]+\/v[0-9a-z]+\/[^/]+\.go$/.test(f))
    .filter((f) => !f.endsWith('_test.go') && !/(^|\/)(zz_generated|generated\.pb)/.test(f));
}

/** The doc comment lines just above line `i` (a blank line ends the block). */
function docAbove(lines, i) {
  const out = [];
  for (let j = i - 1; j >= 0 && /^\s*\/\//.test(lines[j]); j--) out.unshift(lines[j].trim());
  return out;
}

/**
 * What one package declares: string types marked `+enum` (and aliases of them), typed string constants, and the
 * members of its structs with their Go type and JSON name.
 */
function readPackage(texts) {
  const pkg = { enums: new Set(), aliases: new Map(), constants: [], structs: new Map(), imports: new Map(), unread: [] };
  for (const text of texts) {
    const lines = text.split('\n');
    let inImports = false;
    let inConst = false;
    let struct;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const importLine = /^(?:import\s+)?\s*(\w+\s+)?"(k8s\.io\/api\/[^"]+)"/.exec(line);
      if (/^import \($/.test(line)) inImports = true;
      else if (inImports && line === ')') inImports = false;
      if ((inImports || line.startsWith('import ')) && importLine) {
        const path = importLine[2];
        pkg.imports.set(importLine[1]?.trim() || path.slice(path.lastIndexOf('/') + 1), path.slice('k8s.io/api/'.length));
      }
      if (struct) {
        if (line === '}') struct = undefined;
        else {
          const member = /^\t(?:(\w+)\s+)?([*\w.[\]]+)\s+`json:"([^"]*)"/.exec(line);
          if (member) struct.push({ name: member[1], type: member[2], json: member[3] });
        }
        continue;
      }
      const structStart = /^type (\w+) struct \{$/.exec(line);
      if (structStart) {
        struct = [];
        pkg.structs.set(structStart[1], struct);
        continue;
      }
      const stringType = /^type (\w+) string\b/.exec(line);
      if (stringType && docAbove(lines, i).some((c) => /^\/\/\s*\+enum\s*$/.test(c))) pkg.enums.add(stringType[1]);
      const alias = /^type (\w+) = ([\w.]+)\s*$/.exec(line);
      if (alias) pkg.aliases.set(alias[1], alias[2]);
      if (/^const \($/.test(line)) inConst = true;
      else if (inConst && line === ')') inConst = false;
      // `Name Type = "value"`, the conversion form `Name = Type("value")`, or either naming another constant.
      const constant =
        /^(?:const |\t)(\w+)\s+(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([\w.]+))\s*(?:\/\/.*)?$/.exec(line) ??
        /^(?:const |\t)(\w+)\s*=\s*(\w+)\((?:"((?:[^"\\]|\\.)*)"|([\w.]+))\)\s*(?:\/\/.*)?$/.exec(line);
      if (constant && (inConst || line.startsWith('const ')))
        pkg.constants.push({
          name: constant[1],
          type: constant[2],
          ...(constant[3] !== undefined ? { value: JSON.parse(`"${constant[3]}"`) } : { ref: constant[4] }),
        });
      else if (inConst && /=/.test(line) && !/^\s*\/\//.test(line)) pkg.unread.push(line.trim());
    }
  }
  return pkg;
}

/** A release's enumerated fields: definition name → property → its Go type and sorted values. */
function releaseEnums(tag) {
  const files = sourceFiles(tag);
  const packages = new Map();
  for (const dir of new Set(files.map((f) => f.slice(0, f.lastIndexOf('/'))))) {
    const texts = files.filter((f) => f.startsWith(`${dir}/`)).map((f) => git('show', `${tag}:${f}`));
    packages.set(dir, readPackage(texts));
  }
  /**
   * Where a type named in package `dir` is declared, through aliases (`type ScopeType = v1.ScopeType` in a beta
   * package names the v1 type): `<package dir>.<Type>`.
   */
  const declared = (dir, type, depth = 0) => {
    const [qualifier, name] = type.includes('.') ? type.split('.') : [undefined, type];
    const home = qualifier ? packages.get(dir)?.imports.get(qualifier) : dir;
    const alias = home && packages.get(home)?.aliases.get(name);
    return alias && depth < 4 ? declared(home, alias, depth + 1) : home && `${home}.${name}`;
  };
  // Every enum type's values, by `<package dir>.<Type>`.
  const values = new Map();
  for (const [dir, pkg] of packages) for (const name of pkg.enums) values.set(`${dir}.${name}`, new Set());
  /** A constant's string value, following a constant that names another (`AddressType(v1.IPv4Protocol)`). */
  const valueOf = (dir, c, depth = 0) => {
    if (c.value !== undefined || depth > 4) return c.value;
    const [qualifier, name] = c.ref.includes('.') ? c.ref.split('.') : [undefined, c.ref];
    const home = qualifier ? packages.get(dir)?.imports.get(qualifier) : dir;
    const target = home && packages.get(home)?.constants.find((k) => k.name === name);
    return target && valueOf(home, target, depth + 1);
  };
  for (const [dir, pkg] of packages)
    for (const c of pkg.constants) {
      const set = values.get(declared(dir, c.type));
      const value = set && valueOf(dir, c);
      if (set && value === undefined) console.warn(`${tag} ${dir}: not read: ${c.name}`);
      else if (set) set.add(value);
    }
  // A constant of an enum type written in a form read above would lose a value: say so rather than guess.
  for (const [dir, pkg] of packages)
    for (const line of pkg.unread)
      if ([...pkg.enums].some((e) => new RegExp(`\\b${e}\\b`).test(line))) console.warn(`${tag} ${dir}: not read: ${line}`);
  for (const [key, set] of values) if (set.size === 0) console.warn(`${tag}: no values for ${key}`);

  /** The enum values a member's Go type carries (itself, a pointer to it, or a list or map of it), if any. */
  const enumOf = (dir, type) => values.get(declared(dir, type.replace(/^(\[\]|map\[[^\]]+\])/, '').replace(/^\*/, '')));

  /** A struct's enumerated members and those of the structs it embeds inline (OpenAPI flattens them). */
  const membersOf = (dir, name, seen = new Set()) => {
    const where = declared(dir, name);
    if (!where || seen.has(where)) return {};
    seen.add(where);
    const home = where.slice(0, where.lastIndexOf('.'));
    const fields = {};
    for (const m of packages.get(home)?.structs.get(where.slice(home.length + 1)) ?? []) {
      const json = m.json.split(',')[0];
      if (json === '-') continue;
      if (!m.name && m.json.split(',').includes('inline'))
        Object.assign(fields, membersOf(home, m.type.replace(/^\*/, ''), seen));
      const enumValues = json && enumOf(home, m.type);
      if (enumValues?.size) fields[json] = { go: m.type, values: [...enumValues].sort() };
    }
    return fields;
  };

  const out = {};
  for (const [dir, pkg] of packages) {
    // A definition per struct, or alias of one, the package declares (`io.k8s.api.core.v1.Container`).
    for (const name of [...pkg.structs.keys(), ...pkg.aliases.keys()]) {
      const fields = membersOf(dir, name);
      if (Object.keys(fields).length > 0) out[`io.k8s.api.${dir.replace(/\//g, '.')}.${name}`] = fields;
    }
  }
  return out;
}

// One entry per field: its Go type (of the newest release: `T`, `*T`, `[]T`), and its values keyed by the releases that
// have them ("1.32 1.33 1.34"), so a field whose values changed between releases shows it at a glance, and one that
// is an enum in some releases only is absent in the others.
const fields = {};
const source = { repository: 'kubernetes/api', releases: {} };
for (const [release, tag] of Object.entries(RELEASES)) {
  source.releases[release] = { tag, commit: git('rev-parse', `${tag}^{commit}`).trim() };
  for (const [definition, properties] of Object.entries(releaseEnums(tag)))
    for (const [property, { go, values }] of Object.entries(properties)) {
      const field = ((fields[definition] ??= {})[property] ??= { go, releases: {} });
      field.go = go;
      field.releases[release] = values;
    }
}
const grouped = {};
for (const definition of Object.keys(fields).sort()) {
  grouped[definition] = {};
  for (const property of Object.keys(fields[definition]).sort()) {
    const { go, releases } = fields[definition][property];
    const entry = {};
    for (const [release, list] of Object.entries(releases)) {
      const same = Object.keys(entry).find((k) => JSON.stringify(entry[k]) === JSON.stringify(list));
      if (same) {
        entry[`${same} ${release}`] = entry[same];
        delete entry[same];
      } else entry[release] = list;
    }
    grouped[definition][property] = { go, releases: entry };
  }
}
const out = enumsFile;
// One line per field, so that a release's changes read as a short diff.
const fieldLines = Object.entries(grouped).map(
  ([definition, properties]) =>
    `    ${JSON.stringify(definition)}: {\n${Object.entries(properties)
      .map(([property, entry]) => `      ${JSON.stringify(property)}: ${JSON.stringify(entry)}`)
      .join(',\n')}\n    }`,
);
const sourceText = JSON.stringify(source, null, 2).replace(/\n/g, '\n  ');
writeFileSync(out, `{\n  "source": ${sourceText},\n  "fields": {\n${fieldLines.join(',\n')}\n  }\n}\n`);
const count = Object.values(grouped).reduce((n, p) => n + Object.keys(p).length, 0);
console.log(`${out}: ${count} fields of ${Object.keys(grouped).length} definitions`);
