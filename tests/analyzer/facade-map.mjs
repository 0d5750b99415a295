// Derives, from the facade's sources (ts/src), which module exports
// (`wasmViews*`) each public facade method and exported function may call:
// the map ts/cli/facade-calls.json must equal. The call graph is by name (a
// mention of `alloc` links to every function or method named `alloc`), so it
// over-approximates; callbacks the user passes in (withoutGrowth's `fn`,
// onGrow listeners) are the user's own code and not followed.
//
// `node tests/analyzer/facade-map.mjs` prints the map; with `--write` it
// rewrites ts/cli/facade-calls.json (run it after changing the facade).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const CORE_EXPORT = /^wasmViews[A-Z]\w*$/;

/** Whether a declaration is marked `@internal` in its JSDoc. */
function isInternal(node) {
  return ts.getJSDocTags(node).some((t) => t.tagName.text === 'internal');
}

function hasModifier(node, kind) {
  return (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** Returns `{ [key]: string[] }` for the public API of the facade in `srcDir`. */
export function computeFacadeCalls(srcDir) {
  // Every function-like thing, by simple name: name -> [{ key, refs, public }].
  const callables = [];
  const byName = new Map();
  const add = (name, key, body, isPublic) => {
    const refs = new Set();
    const visit = (n) => {
      if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) refs.add(n.text);
      // `exports['wasmViewsAlloc']` names the export as much as `exports.wasmViewsAlloc`.
      if (ts.isElementAccessExpression(n) && ts.isStringLiteralLike(n.argumentExpression))
        refs.add(n.argumentExpression.text);
      // `new Foo()` runs Foo's constructor.
      if (ts.isNewExpression(n) && ts.isIdentifier(n.expression))
        refs.add(`${n.expression.text}.constructor`);
      ts.forEachChild(n, visit);
    };
    if (body) visit(body);
    const c = { name, key, refs, isPublic };
    callables.push(c);
    if (!byName.has(name)) byName.set(name, []);
    byName.get(name).push(c);
  };

  for (const file of readdirSync(srcDir).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.gen.ts'),
  )) {
    const sf = ts.createSourceFile(
      file,
      readFileSync(join(srcDir, file), 'utf8'),
      ts.ScriptTarget.ES2022,
      true,
    );
    const visitTop = (node) => {
      if (ts.isFunctionDeclaration(node) && node.name) {
        const exported = hasModifier(node, ts.SyntaxKind.ExportKeyword) && !isInternal(node);
        add(node.name.text, node.name.text, node.body, exported);
      } else if (ts.isVariableStatement(node)) {
        for (const d of node.declarationList.declarations) {
          if (ts.isIdentifier(d.name) && d.initializer)
            add(d.name.text, d.name.text, d.initializer, false);
        }
      } else if (
        ts.isExpressionStatement(node) &&
        ts.isCallExpression(node.expression) &&
        ts.isIdentifier(node.expression.expression) &&
        node.expression.expression.text === 'implement' &&
        ts.isIdentifier(node.expression.arguments[0]) &&
        ts.isObjectLiteralExpression(node.expression.arguments[1])
      ) {
        // `implement(Heap, { alloc(...) {...} })`: a feature entry's methods of a public class
        // (ts/src/core.ts), which the class declares and the core stubs.
        const cls = node.expression.arguments[0].text;
        for (const m of node.expression.arguments[1].properties) {
          if (ts.isMethodDeclaration(m) && ts.isIdentifier(m.name))
            add(m.name.text, `${cls}.${m.name.text}`, m.body, cls !== 'BoundModule');
        }
      } else if (ts.isClassDeclaration(node) && node.name) {
        const cls = node.name.text;
        const exportedClass = hasModifier(node, ts.SyntaxKind.ExportKeyword) && !isInternal(node);
        for (const m of node.members) {
          let name;
          if (ts.isConstructorDeclaration(m)) name = 'constructor';
          else if (m.name && (ts.isIdentifier(m.name) || ts.isPrivateIdentifier(m.name)))
            name = m.name.text;
          else if (m.name && ts.isComputedPropertyName(m.name))
            name = `[${m.name.expression.getText(sf)}]`;
          const isPublic =
            exportedClass &&
            name !== undefined &&
            !name.startsWith('#') &&
            !hasModifier(m, ts.SyntaxKind.PrivateKeyword) &&
            !hasModifier(m, ts.SyntaxKind.ProtectedKeyword) &&
            !isInternal(m);
          if (ts.isClassStaticBlockDeclaration(m)) {
            // Static blocks run once at load; what they define is reached by name.
            add(`${cls}.static`, `${cls}.static`, m.body, false);
          } else if (name !== undefined && 'body' in m && m.body) {
            add(name, `${cls}.${name}`, m.body, isPublic);
            if (name === 'constructor') {
              byName.set(`${cls}.constructor`, [
                ...(byName.get(`${cls}.constructor`) ?? []),
                callables.at(-1),
              ]);
            }
          } else if (name !== undefined && ts.isPropertyDeclaration(m) && m.initializer) {
            add(name, `${cls}.${name}`, m.initializer, false);
          } else if (
            name !== undefined &&
            ts.isPropertyDeclaration(m) &&
            m.type &&
            ts.isFunctionTypeNode(m.type)
          ) {
            // A method declared with `declare` and installed by a static
            // block (`[Symbol.dispose]`): it may run anything those blocks define.
            const blocks = node.members.filter(ts.isClassStaticBlockDeclaration);
            add(
              name,
              `${cls}.${name}`,
              ts.factory.createBlock(blocks.map((b) => b.body)),
              isPublic,
            );
          }
        }
      }
    };
    ts.forEachChild(sf, visitTop);
  }

  // Least fixed point of "may call": each callable's `wasmViews*` exports, plus
  // those of everything it mentions by name.
  const calls = new Map(
    callables.map((c) => [c, new Set([...c.refs].filter((r) => CORE_EXPORT.test(r)))]),
  );
  for (let changed = true; changed;) {
    changed = false;
    for (const c of callables) {
      const set = calls.get(c);
      for (const ref of c.refs) {
        for (const callee of byName.get(ref) ?? []) {
          for (const x of calls.get(callee)) {
            if (!set.has(x)) {
              set.add(x);
              changed = true;
            }
          }
        }
      }
    }
  }
  const coreCalls = (c) => calls.get(c);
  const map = {};
  for (const c of callables.filter((c) => c.isPublic)) {
    const calls = [...coreCalls(c)].sort();
    if (calls.length === 0) continue;
    map[c.key] = [...new Set([...(map[c.key] ?? []), ...calls])].sort();
  }
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => a.localeCompare(b)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
  const json = JSON.stringify(computeFacadeCalls(join(root, 'ts', 'src')), null, 2);
  if (process.argv.includes('--write')) {
    // Formatted as prettier formats the rest of the tree, so `prettier --check` passes.
    const file = join(root, 'ts', 'cli', 'facade-calls.json');
    const prettier = await import('prettier');
    const options = { ...(await prettier.resolveConfig(file)), filepath: file };
    writeFileSync(file, await prettier.format(json, options));
    console.log(`wrote ${file}`);
  } else {
    console.log(json);
  }
}
