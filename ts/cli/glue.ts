// Reads wasm-bindgen's generated JavaScript glue: for each exported function
// and class member, which wasm exports it may call, directly (`wasm.name`)
// or through the glue's helper functions (`passStringToWasm0(s,
// wasm.__wbindgen_malloc, ...)`, `this.__destroy_into_raw()`, `Foo.__wrap()`).
// The reading over-approximates: any mention of a helper or member by name
// counts as a call.

import { code, matching, tokenize, type Token } from './lexer.js';

interface Body {
  /** `wasm.NAME` mentions. */
  wasm: Set<string>;
  /** Identifiers mentioned (possible calls of top-level functions). */
  idents: Set<string>;
  /** `this.NAME` mentions. */
  thisMembers: Set<string>;
  /** `Class.NAME` mentions: `Class.NAME`. */
  qualified: Set<string>;
  /** `new NAME` mentions. */
  constructed: Set<string>;
}

/** Functions and classes of a glue file, by name. */
export interface Glue {
  functions: Map<string, Body>;
  /** Class name -> member name -> body (getters and setters under `get x`/`set x` and plain `x`). */
  classes: Map<string, Map<string, Body>>;
}

function scanBody(toks: Token[], from: number, to: number): Body {
  const body: Body = {
    wasm: new Set(),
    idents: new Set(),
    thisMembers: new Set(),
    qualified: new Set(),
    constructed: new Set(),
  };
  for (let k = from; k <= to; k++) {
    const t = toks[k];
    if (t.type !== 'ident') continue;
    const dot = toks[k + 1]?.value === '.' || toks[k + 1]?.value === '?.';
    const member = toks[k + 2];
    const prev = toks[k - 1]?.value;
    if (prev === '.' || prev === '?.') continue;
    if (dot && member?.type === 'ident') {
      if (t.value === 'wasm') body.wasm.add(member.value);
      else if (t.value === 'this') body.thisMembers.add(member.value);
      else body.qualified.add(`${t.value}.${member.value}`);
    }
    // `wasm[name]` cannot be followed: record it as unknown.
    if (t.value === 'wasm' && toks[k + 1]?.value === '[') body.wasm.add('[computed]');
    if (prev === 'new') body.constructed.add(t.value);
    body.idents.add(t.value);
  }
  return body;
}

/** Reads the top-level functions and classes of a glue file. */
export function readGlue(source: string): Glue {
  const toks = code(tokenize(source));
  const glue: Glue = { functions: new Map(), classes: new Map() };
  let k = 0;
  while (k < toks.length) {
    const t = toks[k];
    if (t.type === 'punct' && (t.value === '{' || t.value === '(' || t.value === '[')) {
      // A top-level expression or block we do not model (an object literal,
      // an `if`): skip it whole.
      k = matching(toks, k) + 1;
      continue;
    }
    if (t.type === 'ident' && t.value === 'function' && toks[k + 1]?.type === 'ident') {
      const name = toks[k + 1].value;
      let open = k + 2;
      if (toks[open]?.value !== '(') {
        k++;
        continue;
      }
      open = matching(toks, open) + 1;
      if (toks[open]?.value !== '{') {
        k = open;
        continue;
      }
      const close = matching(toks, open);
      glue.functions.set(name, scanBody(toks, open, close));
      k = close + 1;
      continue;
    }
    if (t.type === 'ident' && t.value === 'class' && toks[k + 1]?.type === 'ident') {
      const name = toks[k + 1].value;
      let open = k + 2;
      while (open < toks.length && toks[open].value !== '{') open++;
      const close = matching(toks, open);
      glue.classes.set(name, readClass(toks, open, close));
      k = close + 1;
      continue;
    }
    k++;
  }
  return glue;
}

function readClass(toks: Token[], open: number, close: number): Map<string, Body> {
  const members = new Map<string, Body>();
  let k = open + 1;
  while (k < close) {
    let accessor = '';
    while (
      toks[k]?.type === 'ident' &&
      ['static', 'async', 'get', 'set'].includes(toks[k].value) &&
      toks[k + 1] &&
      toks[k + 1].value !== '('
    ) {
      if (toks[k].value === 'get' || toks[k].value === 'set') accessor = `${toks[k].value} `;
      k++;
    }
    let name: string;
    if (toks[k]?.value === '[') {
      const end = matching(toks, k);
      name = `[${toks
        .slice(k + 1, end)
        .map((x) => x.value)
        .join('')}]`;
      k = end + 1;
    } else {
      name = toks[k]?.value ?? '';
      k++;
    }
    if (toks[k]?.value === '(') {
      const paramsEnd = matching(toks, k);
      const bodyOpen = paramsEnd + 1;
      if (toks[bodyOpen]?.value === '{') {
        const bodyClose = matching(toks, bodyOpen);
        const body = scanBody(toks, k, bodyClose);
        members.set(`${accessor}${name}`, body);
        k = bodyClose + 1;
        continue;
      }
    }
    // A field (`x = ...;`) or something unexpected: skip to `;` or the next line's member.
    while (k < close && toks[k].value !== ';') {
      if (['(', '[', '{'].includes(toks[k].value)) k = matching(toks, k);
      k++;
    }
    k++;
  }
  return members;
}

/**
 * The wasm exports a glue body may call, following helpers, `this.` members
 * of `className`, `Class.member` mentions and `new Class` transitively, in
 * breadth-first order (the body's own calls first). `undefined` if the body
 * is not found.
 */
export function wasmCalls(
  glue: Glue,
  target: { className?: string; member: string },
): Set<string> | undefined {
  const start = target.className
    ? glue.classes.get(target.className)?.get(target.member)
    : glue.functions.get(target.member);
  if (!start) return undefined;
  const out = new Set<string>();
  const seen = new Set<Body>();
  const queue: { body: Body; className?: string }[] = [
    { body: start, className: target.className },
  ];
  const memberBodies = (className: string, member: string): Body[] => {
    const cls = glue.classes.get(className);
    if (!cls) return [];
    return [cls.get(member), cls.get(`get ${member}`), cls.get(`set ${member}`)].filter(
      (b): b is Body => b !== undefined,
    );
  };
  while (queue.length > 0) {
    const { body, className } = queue.shift()!;
    if (seen.has(body)) continue;
    seen.add(body);
    for (const name of body.wasm) out.add(name);
    for (const ident of body.idents) {
      const helper = glue.functions.get(ident);
      // `__wbg_get_imports` only builds the imports object: its functions run when
      // wasm calls an import, which the wasm analysis accounts for.
      if (helper && ident !== '__wbg_get_imports') queue.push({ body: helper });
    }
    for (const cls of body.constructed) {
      for (const b of memberBodies(cls, 'constructor')) queue.push({ body: b, className: cls });
    }
    if (className) {
      for (const member of body.thisMembers) {
        for (const b of memberBodies(className, member)) queue.push({ body: b, className });
      }
    }
    for (const q of body.qualified) {
      const [cls, member] = q.split('.');
      for (const b of memberBodies(cls, member)) queue.push({ body: b, className: cls });
    }
  }
  return out;
}
