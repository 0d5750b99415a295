// Reads wasm-bindgen's generated JavaScript glue: for each exported function
// and class member, which wasm exports it may call, directly (`wasm.name`)
// or through the glue's helper functions (`passStringToWasm0(s,
// wasm.__wbindgen_malloc, ...)`, `this.__destroy_into_raw()`, `Foo.__wrap()`).
// The reading over-approximates: any mention of a helper or member by name
// counts as a call.
//
// Parsed with acorn (ESTree), walked with acorn-walk: pure JavaScript, no
// dependencies, strict about syntax (a file that is not JavaScript is an
// error, never a partial reading).

import { parse, type AnyNode, type ClassBody, type Node, type Program } from 'acorn';
import { simple } from 'acorn-walk';
import { CliError } from './errors.js';

/** What one function or member body mentions. */
export interface Body {
  /** `wasm.NAME` mentions (`[computed]` for `wasm[expr]`, which cannot be followed). */
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
  /** Top-level function name -> body. */
  functions: Map<string, Body>;
  /** Class name -> member name -> body (getters and setters under `get x`/`set x`). */
  classes: Map<string, Map<string, Body>>;
}

/** Collects what `nodes` mention into `body` (a fresh body when omitted). */
function scan(nodes: (Node | null | undefined)[], body?: Body): Body {
  const out = body ?? {
    wasm: new Set<string>(),
    idents: new Set<string>(),
    thisMembers: new Set<string>(),
    qualified: new Set<string>(),
    constructed: new Set<string>(),
  };
  for (const node of nodes) {
    if (!node) continue;
    // acorn-walk visits identifiers only where they are expressions: never
    // the name after a `.`, nor a non-computed property key.
    simple(node, {
      Identifier(n) {
        out.idents.add(n.name);
      },
      MemberExpression(n) {
        const { object, property } = n;
        const name = n.computed
          ? property.type === 'Literal' && typeof property.value === 'string'
            ? property.value
            : undefined
          : property.type === 'Identifier'
            ? property.name
            : property.type === 'PrivateIdentifier'
              ? `#${property.name}`
              : undefined;
        if (object.type === 'Identifier' && object.name === 'wasm')
          out.wasm.add(name ?? '[computed]');
        else if (name === undefined) return;
        else if (object.type === 'ThisExpression') out.thisMembers.add(name);
        else if (object.type === 'Identifier') out.qualified.add(`${object.name}.${name}`);
      },
      NewExpression(n) {
        if (n.callee.type === 'Identifier') out.constructed.add(n.callee.name);
      },
    });
  }
  return out;
}

/** The name of a class member's key as the reader names it (`[Symbol.dispose]` for computed keys). */
function keyName(source: string, key: AnyNode, computed: boolean): string {
  if (computed) return `[${source.slice(key.start, key.end).replace(/\s+/g, '')}]`;
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  if (key.type === 'Literal') return String(key.value);
  return source.slice(key.start, key.end);
}

/**
 * The functions an initializer evaluates to, if it can only be functions:
 * `function () {}`, `() => {}`, or a choice between such (`const encodeString
 * = cond ? function ... : function ...`). Anything else (`new
 * FinalizationRegistry(cb)`, a cache, `null`) is not called by name: its
 * callbacks run later, outside any call into the module.
 */
function functionValues(init: AnyNode | null | undefined): AnyNode[] | undefined {
  if (!init) return undefined;
  switch (init.type) {
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return [init];
    case 'ConditionalExpression': {
      const a = functionValues(init.consequent);
      const b = functionValues(init.alternate);
      return a && b ? [...a, ...b] : undefined;
    }
    default:
      return undefined;
  }
}

/** `module.exports.NAME` or `exports.NAME` (the nodejs target of wasm-bindgen before 0.2.10x wrote exports so). */
function commonJsExport(target: AnyNode): string | undefined {
  if (target.type !== 'MemberExpression' || target.computed) return undefined;
  if (target.property.type !== 'Identifier') return undefined;
  const obj = target.object;
  const isExports =
    (obj.type === 'Identifier' && obj.name === 'exports') ||
    (obj.type === 'MemberExpression' &&
      !obj.computed &&
      obj.object.type === 'Identifier' &&
      obj.object.name === 'module' &&
      obj.property.type === 'Identifier' &&
      obj.property.name === 'exports');
  return isExports ? target.property.name : undefined;
}

function parseGlue(source: string, file: string): Program {
  const options = { ecmaVersion: 'latest', allowHashBang: true } as const;
  try {
    return parse(source, { ...options, sourceType: 'module' });
  } catch (moduleError) {
    // A CommonJS file may use what strict mode forbids; try it as a script.
    try {
      return parse(source, { ...options, sourceType: 'script' });
    } catch {
      throw new CliError(`cannot read the JS glue ${file}: ${(moduleError as Error).message}`);
    }
  }
}

/**
 * Reads the top-level functions and classes of a glue file (ES module or
 * CommonJS, any wasm-bindgen target).
 *
 * @param source - The glue's text.
 * @param file - The file name used in the error message.
 * @returns The bodies by function name and by class and member name.
 * @throws {CliError} If `source` is not valid JavaScript.
 */
export function readGlue(source: string, file = 'glue'): Glue {
  const glue: Glue = { functions: new Map(), classes: new Map() };
  const addFunction = (name: string, nodes: Node[]) => {
    const existing = glue.functions.get(name);
    glue.functions.set(name, scan(nodes, existing));
  };
  for (const top of parseGlue(source, file).body) {
    const statement =
      (top.type === 'ExportNamedDeclaration' || top.type === 'ExportDefaultDeclaration') &&
      top.declaration
        ? top.declaration
        : top;
    switch (statement.type) {
      case 'FunctionDeclaration':
        if (statement.id) addFunction(statement.id.name, [statement]);
        break;
      case 'ClassDeclaration':
        if (statement.id) glue.classes.set(statement.id.name, readClass(source, statement.body));
        break;
      case 'VariableDeclaration':
        for (const d of statement.declarations) {
          const fns = functionValues(d.init);
          if (d.id.type === 'Identifier' && fns) addFunction(d.id.name, fns);
        }
        break;
      case 'ExpressionStatement': {
        const e = statement.expression;
        if (e.type !== 'AssignmentExpression') break;
        const name = commonJsExport(e.left);
        const fns = functionValues(e.right);
        if (name && fns) addFunction(name, fns);
        break;
      }
    }
  }
  return glue;
}

function readClass(source: string, body: ClassBody): Map<string, Body> {
  const members = new Map<string, Body>();
  for (const m of body.body) {
    if (m.type === 'MethodDefinition') {
      const name = keyName(source, m.key, m.computed);
      const accessor = m.kind === 'get' || m.kind === 'set' ? `${m.kind} ` : '';
      members.set(`${accessor}${name}`, scan([m.value]));
    } else if (m.type === 'PropertyDefinition') {
      // A field holding a function is callable like a method.
      const fns = functionValues(m.value);
      if (fns) members.set(keyName(source, m.key, m.computed), scan(fns));
    }
  }
  return members;
}

/**
 * The wasm exports a glue body may call, following helpers, `this.` members
 * of `className`, `Class.member` mentions and `new Class` transitively, in
 * breadth-first order (the body's own calls first).
 *
 * @param glue - The glue, from {@link readGlue}.
 * @param target - A top-level function (`member` alone) or a class member
 *   (`get x`/`set x` for accessors).
 * @returns The wasm export names, or `undefined` if the glue has no such body.
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
      const dot = q.indexOf('.');
      for (const b of memberBodies(q.slice(0, dot), q.slice(dot + 1)))
        queue.push({ body: b, className: q.slice(0, dot) });
    }
  }
  return out;
}
