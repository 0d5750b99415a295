// Finds the exported functions and class members of a .d.ts file (as
// wasm-bindgen and tsc write them) and adds a TSDoc `@remarks` line to the
// ones that may grow memory. Parsed with the TypeScript compiler API (loaded
// on first use, see typescript.ts); the edits are made to the text, so
// everything else in the file stays as it was.

import type * as TS from 'typescript';
import { loadTypeScript } from './typescript.js';

/** The sentence added to each declaration that may grow memory. */
export const REMARK =
  'May grow wasm memory: views obtained with getView() before this call must be fetched again.';

/** One declaration that can carry a remark. */
export interface Declaration {
  /** `function` for a top-level function, else a class member. */
  kind: 'function' | 'method' | 'constructor' | 'getter' | 'setter' | 'property';
  /** The class, for members. */
  className?: string;
  /** The function or member name (`[Symbol.dispose]` for that member). */
  name: string;
  /** Offset of the declaration's first token (its first modifier). */
  start: number;
  /** The JSDoc comment right before it, if any. */
  doc?: { start: number; end: number; text: string };
  /** `readonly` (a getter without setter, for properties). */
  readonly: boolean;
  /** `private` / `protected` / `#name` members: not part of the public API. */
  hidden: boolean;
}

/** The JSDoc comment that ends right before `node`'s first token (only whitespace between). */
function docBefore(
  ts: typeof TS,
  source: string,
  node: TS.Node,
  start: number,
): Declaration['doc'] {
  const last = ts.getLeadingCommentRanges(source, node.pos)?.at(-1);
  if (!last || !source.startsWith('/**', last.pos)) return undefined;
  if (source.slice(last.end, start).trim() !== '') return undefined;
  return { start: last.pos, end: last.end, text: source.slice(last.pos, last.end) };
}

function hasModifier(ts: typeof TS, node: TS.Node, kind: TS.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** A member's name as the glue reader names it: `#x`, `"quoted"` unquoted, `[Symbol.dispose]`. */
function memberName(ts: typeof TS, sf: TS.SourceFile, name: TS.PropertyName): string {
  if (ts.isComputedPropertyName(name))
    return `[${name.expression.getText(sf).replace(/\s+/g, '')}]`;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteralLike(name))
    return name.text;
  return name.getText(sf);
}

function memberKind(ts: typeof TS, m: TS.ClassElement): Declaration['kind'] | undefined {
  if (ts.isConstructorDeclaration(m)) return 'constructor';
  if (ts.isMethodDeclaration(m)) return 'method';
  if (ts.isGetAccessorDeclaration(m)) return 'getter';
  if (ts.isSetAccessorDeclaration(m)) return 'setter';
  if (ts.isPropertyDeclaration(m)) return 'property';
  return undefined; // index signatures, static blocks, `;`
}

/**
 * Lists the top-level functions and class members declared in `source`
 * (declarations inside namespaces, interfaces and types are not listed).
 *
 * @param source - The text of a .d.ts file.
 * @returns The declarations in source order.
 * @throws {CliError} If the TypeScript compiler is not installed.
 */
export function declarations(source: string): Declaration[] {
  const ts = loadTypeScript();
  const sf = ts.createSourceFile('input.d.ts', source, ts.ScriptTarget.Latest, true);
  const out: Declaration[] = [];
  const add = (node: TS.Node, d: Omit<Declaration, 'start' | 'doc'>) => {
    const start = node.getStart(sf);
    out.push({ ...d, start, doc: docBefore(ts, source, node, start) });
  };
  for (const statement of sf.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) {
      add(statement, {
        kind: 'function',
        name: statement.name.text,
        readonly: false,
        hidden: false,
      });
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      for (const m of statement.members) {
        const kind = memberKind(ts, m);
        if (!kind) continue;
        const name = ts.isConstructorDeclaration(m) ? 'constructor' : memberName(ts, sf, m.name!);
        add(m, {
          kind,
          className: statement.name.text,
          name,
          readonly: hasModifier(ts, m, ts.SyntaxKind.ReadonlyKeyword),
          hidden:
            name.startsWith('#') ||
            hasModifier(ts, m, ts.SyntaxKind.PrivateKeyword) ||
            hasModifier(ts, m, ts.SyntaxKind.ProtectedKeyword),
        });
      }
    }
  }
  return out;
}

/** The indentation of the line `offset` is on. */
function indentAt(source: string, offset: number): string {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))![0];
}

/**
 * Adds the remark to a JSDoc comment: at the end of its `@remarks` block if it
 * has one, else as a new `@remarks` tag.
 *
 * @param comment - The comment, `/**` to `*\/`.
 * @param indent - The indentation of the declaration it documents.
 * @returns The new comment, or `undefined` if it already has the remark.
 */
export function withRemark(comment: string, indent: string): string | undefined {
  if (comment.includes(REMARK)) return undefined;
  const body = comment.slice(3, -2);
  // `/** text */` on one line.
  if (!body.includes('\n')) {
    const text = body.trim();
    const lines = [`${indent}/**`];
    if (text) lines.push(`${indent} * ${text}`);
    lines.push(`${indent} * @remarks ${REMARK}`, `${indent} */`);
    return lines.join('\n').slice(indent.length);
  }
  const lines = comment.split('\n');
  const last = lines.length - 1;
  // A closing line with text before `*/`: split it off.
  if (lines[last].trim() !== '*/') {
    lines[last] = lines[last].replace(/\s*\*\/$/, '');
    lines.push(`${indent} */`);
  }
  const closing = lines.length - 1;
  const remarks = lines.findIndex((l) => /^\s*\*?\s*@remarks\b/.test(l));
  if (remarks === -1) {
    lines.splice(closing, 0, `${indent} * @remarks ${REMARK}`);
  } else {
    // Add a paragraph at the end of the existing remarks block.
    let end = remarks + 1;
    while (end < closing && !/^\s*\*?\s*@\w/.test(lines[end])) end++;
    lines.splice(end, 0, `${indent} *`, `${indent} * ${REMARK}`);
  }
  return lines.join('\n');
}

/**
 * Adds the remark to each declaration in `targets` (in its JSDoc comment, or
 * a new comment); the rest of the text stays as it was.
 *
 * @param source - The text of a .d.ts file.
 * @param targets - Declarations of `source`, from {@link declarations}.
 * @returns The new text and how many declarations gained the remark (0 when
 *   all had it).
 */
export function annotate(source: string, targets: Declaration[]): { text: string; added: number } {
  const edits: { start: number; end: number; text: string }[] = [];
  for (const d of targets) {
    const indent = indentAt(source, d.start);
    if (d.doc) {
      const text = withRemark(d.doc.text, indent);
      if (text !== undefined) edits.push({ start: d.doc.start, end: d.doc.end, text });
    } else {
      const lineStart = source.lastIndexOf('\n', d.start - 1) + 1;
      const text = `${indent}/**\n${indent} * @remarks ${REMARK}\n${indent} */\n`;
      edits.push({ start: lineStart, end: lineStart, text });
    }
  }
  edits.sort((a, b) => b.start - a.start);
  let text = source;
  for (const e of edits) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return { text, added: edits.length };
}
