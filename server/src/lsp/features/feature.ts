import type {
  ClientCapabilities,
  Connection,
  Position,
  ServerCapabilities,
  TextDocumentIdentifier,
  TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentSymbol, KubeObject, SessionSettings, SourceFile, ValidationContext } from '../../service';
import { guard } from '../guard';

/** What every feature's handlers work with. */
export interface FeatureContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  /** The document as the service sees it (parsed once per version), with the context its checks use. */
  readonly resolve: (document: TextDocument) => { file: SourceFile; context: ValidationContext };
  /** The document's outline (a manifest's from its documents' own parses, not a whole-file parse). */
  readonly outline: (document: TextDocument) => DocumentSymbol[];
  readonly workspaceObjects: () => readonly KubeObject[];
  /** The `stevedore.*` settings as last sent. */
  readonly settings: () => SessionSettings;
}

/** What a feature may ask to hear about after it is registered. */
export interface FeatureHooks {
  /** The settings changed (what a file is, and so what it shows, may have changed with them). */
  readonly settingsChanged?: () => void;
  /** The client is initialized: the time to register capabilities dynamically. */
  readonly initialized?: () => void;
}

/**
 * One LSP feature, volar.js style: what it reads of the client's capabilities, what it advertises, and the handlers
 * that serve it, side by side. startServer advertises `capabilities` only when it also calls `register`, so a
 * capability never goes without its handler.
 */
export interface Feature<Support> {
  /** What this feature needs to know of the client (read once, from initialize). */
  readonly support: (client: ClientCapabilities) => Support;
  /** What it advertises; undefined when this client cannot use it (then nothing is registered either). */
  readonly capabilities: (support: Support) => ServerCapabilities | undefined;
  /** Registers the handlers that serve `capabilities`. */
  readonly register: (context: FeatureContext, support: Support) => FeatureHooks | void;
}

/** A feature with its client support read: what startServer assembles. */
export interface StartedFeature {
  readonly capabilities: ServerCapabilities;
  readonly hooks: FeatureHooks;
}

/** A feature of any support type, ready to start for one client. */
export interface AnyFeature {
  readonly start: (context: FeatureContext, client: ClientCapabilities) => StartedFeature | undefined;
}

export function defineFeature<Support>(feature: Feature<Support>): AnyFeature {
  return {
    start(context, client) {
      const support = feature.support(client);
      const capabilities = feature.capabilities(support);
      if (!capabilities) return undefined;
      return { capabilities, hooks: feature.register(context, support) ?? {} };
    },
  };
}

/**
 * A handler for requests on one open document, behind the error boundary: a document the server does not have
 * (closed meanwhile) and a fault both answer `fallback`.
 */
export function onDocument<P extends { textDocument: TextDocumentIdentifier }, R>(
  { connection, documents }: FeatureContext,
  what: string,
  fallback: R,
  run: (document: TextDocument, params: P) => R,
): (params: P) => R {
  return (params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? guard(connection, what, fallback, () => run(document, params))() : fallback;
  };
}

/** Requests at a position share this shape. */
export type PositionParams = { textDocument: TextDocumentIdentifier; position: Position };
