import { ComposeModelParts, pointerOf, type ComposeModel } from '@stevedore/model';
import type { Node } from 'yaml';
import { ServiceSummaries } from '../compose/serviceIndex';
import type { Diagnostic, Range } from '../types';
import { shiftDiagnostics } from './chunks';
import { NodeMemo } from './nodeMemo';

/** Where a service of the model being checked stands: its lines, its key's column, its text and its value as JSON. */
interface Placed {
  readonly first: number;
  readonly last: number;
  readonly column: number;
  readonly text: string;
  readonly written: string;
}

/** One rule's findings for one service, kept relative to its first line, with what they were found from. */
interface Kept {
  /** The column of the service's key, the rule's salt, its value as JSON, and its text from its key to its end. */
  readonly column: number;
  readonly salt: readonly [string, unknown] | undefined;
  readonly written: string;
  readonly text: string;
  readonly found: readonly Diagnostic[];
  /** The last check that used it. */
  check: number;
}

/**
 * A Compose file's per-service findings kept between versions, for one held file. A service's findings are reused
 * while its text (from its key to its value's end, and the column it starts at), its value after interpolation, what
 * the rule says it reads beyond the service (its salt: for the practices, the tag its image's repository is pinned to
 * elsewhere) and the variables the file sees are unchanged; they are kept relative to the service's first line and
 * moved to where the service now is. A whole check of the same text gives the same findings
 * (test/unit/incremental.test.ts, projectRulesIndex.test.ts).
 */
export class ComposeFindings {
  /**
   * By rule and service name: the findings, with what they hold for. A check marks what it uses, and at its end
   * drops what it did not use (the services that are gone or changed).
   */
  private readonly kept = new Map<string, Map<string, Kept>>();
  private check = 0;
  private used = 0;
  private variables = '';
  private readonly valueKeys = new WeakMap<object, string>();
  /** Where each service of the model last asked about stands. */
  private placing: { model?: ComposeModel; placed: Map<string, Placed | null> } = { placed: new Map() };
  /** The model's unchanged parts (each service, network…), reused by the next model of this file. */
  readonly model = new ComposeModelParts();
  /** What the YAML rules found in each unchanged service's nodes (duplicate keys, retyped values). */
  readonly nodes = new NodeMemo();
  /** What the project-wide rules read of each unchanged service (its references, ports…), by its value. */
  readonly summaries = new ServiceSummaries();
  /** How many services' findings the last check reused and computed (for tests). */
  reused = 0;
  computed = 0;
  /** How many rules computed every service's findings at once in the last check (for tests). */
  atOnce = 0;

  /** Starts a check of a new version: what the previous check did not use is dropped at its end. */
  begin(): void {
    this.check++;
    this.used = 0;
    this.reused = 0;
    this.computed = 0;
    this.atOnce = 0;
    this.nodes.reused = this.nodes.computed = 0;
  }

  /** The variables the file's values were interpolated with: when they changed, nothing kept is reused. */
  useVariables(variables: ReadonlyMap<string, string>): void {
    const fingerprint = JSON.stringify([...variables]);
    if (fingerprint !== this.variables) this.kept.clear();
    this.variables = fingerprint;
    this.model.use(fingerprint);
  }

  /**
   * Whether nothing is kept for `rule`: its next check computes every service (the first check of a file, or the
   * first after the variables changed), so the rule may compute them all at once (compose/validateCompose.ts).
   */
  holdsNothing(rule: string): boolean {
    return (this.kept.get(rule)?.size ?? 0) === 0;
  }

  /** Ends the check: the findings of services that are gone, or changed, are forgotten. */
  end(): void {
    // A check that asked for no service (the file had a syntax error, so the schema waited) keeps what was kept.
    if (this.reused + this.computed > 0 && this.used < [...this.kept.values()].reduce((n, m) => n + m.size, 0))
      for (const byName of this.kept.values())
        for (const [name, kept] of byName) if (kept.check !== this.check) byName.delete(name);
    this.placing = { placed: new Map() };
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
    const placed = this.place(model, name);
    if (!placed) return compute();
    const { first, last, written, text } = placed;
    // By rule and name (the model's own strings), then compared: an unchanged service's value is the same string as
    // before, and its text is compared where it is.
    let byName = this.kept.get(rule);
    if (!byName) this.kept.set(rule, (byName = new Map<string, Kept>()));
    const kept = byName.get(name);
    if (
      kept?.written === written &&
      kept.text === text &&
      kept.column === placed.column &&
      kept.salt?.[0] === salt?.[0] &&
      kept.salt?.[1] === salt?.[1]
    ) {
      if (kept.check !== this.check) this.used++;
      kept.check = this.check;
      this.reused++;
      return shiftDiagnostics(kept.found, first);
    }
    const found = compute();
    this.computed++;
    // Kept only when every finding lies within the service's lines: only those can move with it.
    const within = (range: Range): boolean => range.start.line >= first && range.end.line <= last;
    const inside = found.every((d) => within(d.range) && (d.fixes ?? []).every((f) => f.edits.every((e) => within(e.range))));
    if (kept?.check === this.check) this.used--;
    if (!inside) byName.delete(name);
    else {
      this.used++;
      // The text is a slice of the whole file's: a copy of it is kept, so that the file's old versions are not.
      const entry = { column: placed.column, salt, written, text: detached(text), found: shiftDiagnostics(found, -first) };
      byName.set(name, { ...entry, check: this.check });
    }
    return found;
  }

  /** Where service `name` of `model` stands, read once per model (the schema and the practices both ask). */
  private place(model: ComposeModel, name: string): Placed | undefined {
    if (this.placing.model !== model) this.placing = { model, placed: new Map() };
    const known = this.placing.placed.get(name);
    if (known !== undefined) return known ?? undefined;
    // One look-up of the service's node gives both of its ranges.
    const info = model.info(pointerOf('/services', name));
    const { file } = model;
    // The node's start and end offsets as the file's positions clamp them, with those positions.
    const span = (node: Node | undefined): { start: number; end: number; range: Range } | undefined => {
      if (!node?.range) return undefined;
      const [start, end] = [node.range[0], Math.max(node.range[0], node.range[1])].map((o) =>
        Math.max(0, Math.min(o, file.text.length)),
      ) as [number, number];
      return { start, end, range: { start: file.positionAt(start), end: file.positionAt(end) } };
    };
    const key = span(info?.key ?? info?.node);
    const value = span(info?.node) ?? key;
    let placed: Placed | null = null;
    if (key && value) {
      const [first, last] = [key.range.start.line, value.range.end.line];
      // From the start of the key's line to the end of the value's last line (its line break included), read from
      // the file's own positions: no second table of the text's lines.
      const lineEnd = file.text.indexOf('\n', value.end - value.range.end.character);
      const text = file.text.slice(key.start - key.range.start.character, lineEnd === -1 ? file.text.length : lineEnd + 1);
      const own = (model.value as { services: Record<string, unknown> }).services[name];
      placed = { first, last, column: key.range.start.character, text, written: this.valueKey(own) };
    }
    this.placing.placed.set(name, placed);
    return placed ?? undefined;
  }

  /**
   * A value as JSON, kept by the value object: the model reuses an unchanged service's value object (its parts), so
   * the next check finds its key without writing the value out again.
   */
  private valueKey(value: unknown): string {
    if (typeof value !== 'object' || value === null) return JSON.stringify(value ?? null);
    let key = this.valueKeys.get(value);
    if (key === undefined) this.valueKeys.set(value, (key = JSON.stringify(value)));
    return key;
  }
}

/** A string with the same characters that holds no reference to a larger one (V8 keeps a long slice as a view). */
const detached = (text: string): string => JSON.parse(JSON.stringify(text)) as string;
