// Finds the exported functions and class members of a .d.ts file (as
// wasm-bindgen and tsc write them) and adds a TSDoc `@remarks` line to the
// ones that may grow memory.

import { code, matching, tokenize, type Token } from './lexer.js';

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

const MODIFIERS = new Set([
  'export',
  'declare',
  'default',
  'public',
  'private',
  'protected',
  'static',
  'readonly',
  'abstract',
  'override',
  'async',
  'accessor',
]);

/** The JSDoc comment that ends right before token `index` (only whitespace between). */
function docBefore(source: string, all: Token[], index: number): Declaration['doc'] {
  const prev = all[index - 1];
  if (!prev || prev.type !== 'comment' || !prev.value.startsWith('/**')) return undefined;
  if (source.slice(prev.end, all[index].start).trim() !== '') return undefined;
  return { start: prev.start, end: prev.end, text: prev.value };
}

/** Lists the top-level functions and class members declared in `source`. */
export function declarations(source: string): Declaration[] {
  const all = tokenize(source);
  const toks = code(all);
  // Maps an index into `toks` back to `all`, for finding comments.
  const allIndex = new Map(toks.map((t) => [t.start, all.indexOf(t)]));
  const doc = (k: number) => docBefore(source, all, allIndex.get(toks[k].start)!);
  const out: Declaration[] = [];

  // Skips to the end of a statement or member starting at `k`: the next `;`
  // (or newline-free `}` ending the enclosing body) outside brackets.
  const skipMember = (k: number, stopAt: number): number => {
    while (k < stopAt) {
      const t = toks[k];
      if (t.type === 'punct' && (t.value === '(' || t.value === '[' || t.value === '{')) {
        k = matching(toks, k) + 1;
        continue;
      }
      if (t.type === 'punct' && t.value === ';') return k + 1;
      k++;
    }
    return k;
  };

  const classBody = (className: string, open: number, close: number) => {
    let k = open + 1;
    while (k < close) {
      const first = k;
      let readonly = false;
      let hidden = false;
      let accessor: 'get' | 'set' | undefined;
      while (k < close && toks[k].type === 'ident') {
        const v = toks[k].value;
        const next = toks[k + 1];
        const nameFollows =
          next && (next.type === 'ident' || next.value === '[' || next.type === 'string');
        if (MODIFIERS.has(v) && nameFollows) {
          if (v === 'readonly') readonly = true;
          if (v === 'private' || v === 'protected') hidden = true;
          k++;
        } else if ((v === 'get' || v === 'set') && nameFollows) {
          accessor = v;
          k++;
        } else break;
      }
      if (k >= close) break;
      const t = toks[k];
      let name: string | undefined;
      if (t.type === 'ident' || t.type === 'string') {
        name = t.type === 'string' ? t.value.slice(1, -1) : t.value;
        if (name.startsWith('#')) hidden = true;
        k++;
      } else if (t.value === '[') {
        const end = matching(toks, k);
        name = `[${toks
          .slice(k + 1, end)
          .map((x) => x.value)
          .join('')}]`;
        k = end + 1;
      } else {
        k = skipMember(k, close);
        continue;
      }
      if (toks[k] && (toks[k].value === '?' || toks[k].value === '!')) k++;
      const after = toks[k]?.value;
      let kind: Declaration['kind'];
      if (accessor === 'get') kind = 'getter';
      else if (accessor === 'set') kind = 'setter';
      else if (name === 'constructor' && (after === '(' || after === '<')) kind = 'constructor';
      else if (after === '(' || after === '<') kind = 'method';
      else kind = 'property';
      out.push({
        kind,
        className,
        name,
        start: toks[first].start,
        doc: doc(first),
        readonly,
        hidden,
      });
      k = skipMember(k, close);
    }
  };

  let k = 0;
  while (k < toks.length) {
    const first = k;
    while (k < toks.length && toks[k].type === 'ident' && MODIFIERS.has(toks[k].value)) k++;
    const t = toks[k];
    if (!t) break;
    if (t.type === 'ident' && t.value === 'function') {
      const nameTok = toks[k + 1];
      if (nameTok?.type === 'ident') {
        out.push({
          kind: 'function',
          name: nameTok.value,
          start: toks[first].start,
          doc: doc(first),
          readonly: false,
          hidden: false,
        });
      }
      k = skipMember(k, toks.length);
      continue;
    }
    if (t.type === 'ident' && t.value === 'class') {
      const nameTok = toks[k + 1];
      let open = k + 1;
      while (open < toks.length && toks[open].value !== '{') open++;
      const close = matching(toks, open);
      if (nameTok?.type === 'ident') classBody(nameTok.value, open, close);
      k = close + 1;
      continue;
    }
    // Anything else (types, interfaces, enums, namespaces, imports): skip it
    // whole; a body in braces is skipped with it.
    while (k < toks.length) {
      const u = toks[k];
      if (u.type === 'punct' && u.value === '{') {
        k = matching(toks, k) + 1;
        // `interface X {}` and `namespace X {}` end at their brace.
        if (toks[k]?.value !== ';' && !['|', '&', '[', '=>'].includes(toks[k]?.value ?? '')) break;
        continue;
      }
      if (u.type === 'punct' && (u.value === '(' || u.value === '[')) {
        k = matching(toks, k) + 1;
        continue;
      }
      k++;
      if (u.type === 'punct' && u.value === ';') break;
    }
  }
  return out;
}

/** The indentation of the line `offset` is on. */
function indentAt(source: string, offset: number): string {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))![0];
}

/** The new text of a JSDoc comment with the remark added (`undefined`: already there). */
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
 * Adds the remark to each declaration in `targets` (declarations of
 * `source`). Returns the new text and how many declarations gained it.
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
