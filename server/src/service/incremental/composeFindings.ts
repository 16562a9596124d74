import { ComposeModelParts, pointerOf, type ComposeModel } from '@stevedore/model';
import type { Diagnostic, Range } from '../types';
import { shiftDiagnostics } from './chunks';
import { NodeMemo } from './nodeMemo';

/** One rule's findings for one service, as the check that computed them found them. */
interface Kept {
  /** The service's text, from its key's line to its value's last line. */
  readonly text: string;
  /** The column its key starts at. */
  readonly column: number;
  /** Its value after interpolation (compared by identity first, then as JSON). */
  readonly value: unknown;
  /** What else the findings read (the rule's salt), as compared. */
  readonly shared: number;
  readonly extra: string;
  /** The line the service's key was on, and the findings where they were then. */
  readonly line: number;
  readonly found: readonly Diagnostic[];
}

/** Where a service is in the check's model: its key's line and column, its value's last line, and its text. */
interface Place {
  readonly first: number;
  readonly column: number;
  readonly last: number;
  readonly text: string;
}

/**
 * A Compose file's per-service findings kept between versions, for one held file. A service's findings are reused
 * while its text (from its key to its value's end, and the column it starts at), its value after interpolation and
 * the variables the file sees are unchanged; they are kept where they were found, with the line the service started
 * on, and moved to where the service now is. A whole check of the same text gives the same findings
 * (test/unit/incremental.test.ts, test/unit/composeColdSchema.test.ts).
 */
export class ComposeFindings {
  /** By rule, then by service name. */
  private kept = new Map<string, Map<string, Kept>>();
  private next = new Map<string, Map<string, Kept>>();
  private variables = '';
  private salts = new Map<string, number>();
  private readonly valueKeys = new WeakMap<object, string>();
  /** The places of the services in the model being checked (each rule asks for the same ones). */
  private places: { model: ComposeModel | undefined; byName: Map<string, Place | undefined> } = {
    model: undefined,
    byName: new Map(),
  };
  /** The model's unchanged parts (each service, network…), reused by the next model of this file. */
  readonly model = new ComposeModelParts();
  /** What the YAML rules found in each unchanged service's nodes (duplicate keys, retyped values). */
  readonly nodes = new NodeMemo();
  /** How many services' findings the last check reused and computed (for tests). */
  reused = 0;
  computed = 0;
  /** How many rules computed every service's findings at once in the last check (for tests). */
  atOnce = 0;

  /** Starts a check of a new version: what the previous check did not use is dropped at its end. */
  begin(): void {
    this.next = new Map();
    this.reused = 0;
    this.computed = 0;
    this.atOnce = 0;
    this.nodes.reused = this.nodes.computed = 0;
    this.places = { model: undefined, byName: new Map() };
  }

  /** The variables the file's values were interpolated with: when they changed, nothing kept is reused. */
  useVariables(variables: ReadonlyMap<string, string>): void {
    const fingerprint = JSON.stringify([...variables]);
    if (fingerprint !== this.variables || this.salts.size > 64) {
      this.kept.clear();
      this.salts.clear();
    }
    this.variables = fingerprint;
    this.model.use(fingerprint);
  }

  /** Ends the check: the findings of services that are gone, or changed, are forgotten. */
  end(): void {
    // A check that asked for no service (the file had a syntax error, so the schema waited) keeps what was kept.
    if (this.reused + this.computed > 0) this.kept = this.next;
    this.next = new Map();
    this.places = { model: undefined, byName: new Map() };
  }

  /**
   * Whether nothing is kept for `rule`: its next check computes every service (the first check of a file, or the
   * first after the variables changed), so the rule may compute them all at once (validateCompose.ts).
   */
  holdsNothing(rule: string): boolean {
    return (this.kept.get(rule)?.size ?? 0) === 0;
  }

  /**
   * One rule's findings for one service: `compute` runs only when the service changed. `rule` names the rule, so that
   * several rules can keep their findings side by side.
   */
  service(
    rule: string,
    model: ComposeModel,
    name: string,
    compute: () => Diagnostic[],
    salt?: readonly [string, unknown],
  ): Diagnostic[] {
    const place = this.placeOf(model, name);
    if (!place) return compute();
    const { first, column, last, text } = place;
    const value = (model.value as { services: Record<string, unknown> }).services[name];
    // A long salt (shared by every service) is compared as a number.
    const shared = salt ? this.intern(salt[0]) : -1;
    const extra = JSON.stringify(salt?.[1] ?? null);
    let next = this.next.get(rule);
    if (!next) this.next.set(rule, (next = new Map<string, Kept>()));
    const fits = (held: Kept | undefined): held is Kept =>
      held !== undefined &&
      held.column === column &&
      held.shared === shared &&
      held.extra === extra &&
      held.text === text &&
      this.sameValue(held.value, value);
    const held = [this.kept.get(rule)?.get(name), next.get(name)].find(fits);
    if (held) {
      next.set(name, held);
      this.reused++;
      return shiftDiagnostics(held.found, first - held.line);
    }
    const found = compute();
    this.computed++;
    // Kept only when every finding lies within the service's lines: only those can move with it.
    const within = (range: Range): boolean => range.start.line >= first && range.end.line <= last;
    const inside = found.every((d) => within(d.range) && (d.fixes ?? []).every((f) => f.edits.every((e) => within(e.range))));
    if (inside) next.set(name, { text, column, value, shared, extra, line: first, found });
    return found;
  }

  /**
   * A service's place in `model` (as its key's and value's ranges give it) and its text, found once per check
   * whichever rule asks first. The text runs from the start of the key's line to the end of the value's last line:
   * with the same text at the same column, every finding inside lies at the same place relative to the key.
   */
  private placeOf(model: ComposeModel, name: string): Place | undefined {
    if (this.places.model !== model) this.places = { model, byName: new Map() };
    const { byName } = this.places;
    if (byName.has(name)) return byName.get(name);
    const info = model.info(pointerOf('/services', name));
    const key = (info?.key ?? info?.node)?.range;
    const value = info?.node.range ?? key;
    let place: Place | undefined;
    if (key && value) {
      const { text } = model.file;
      const clamp = (offset: number): number => Math.max(0, Math.min(offset, text.length));
      const start = model.file.positionAt(key[0]);
      const end = clamp(Math.max(value[0], value[1]));
      const lineEnd = text.indexOf('\n', end);
      place = {
        first: start.line,
        column: start.character,
        last: model.file.positionAt(end).line,
        text: text.slice(clamp(key[0]) - start.character, lineEnd === -1 ? text.length : lineEnd + 1),
      };
    }
    byName.set(name, place);
    return place;
  }

  /**
   * Whether two values of a service are the same: the model reuses an unchanged service's value object (its parts),
   * so most are the same object; others are compared as JSON, each written out once per value object.
   */
  private sameValue(a: unknown, b: unknown): boolean {
    return a === b || this.valueKey(a) === this.valueKey(b);
  }

  private valueKey(value: unknown): string {
    if (typeof value !== 'object' || value === null) return JSON.stringify(value ?? null);
    let key = this.valueKeys.get(value);
    if (key === undefined) this.valueKeys.set(value, (key = JSON.stringify(value)));
    return key;
  }

  private intern(salt: string): number {
    let id = this.salts.get(salt);
    if (id === undefined) this.salts.set(salt, (id = this.salts.size));
    return id;
  }
}
