// A small JavaScript/TypeScript tokenizer: enough to find declarations and
// their bodies in wasm-bindgen's generated glue and .d.ts files. Strings,
// template literals (with nested `${}`), comments and regular expressions are
// single tokens, so braces inside them never count.

export type TokenType = 'ident' | 'punct' | 'string' | 'template' | 'regex' | 'number' | 'comment';

export interface Token {
  type: TokenType;
  value: string;
  start: number;
  end: number;
}

const IDENT_START = /[A-Za-z_$\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
// After these, a `/` starts a regular expression rather than a division.
const REGEX_AFTER_KEYWORDS = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

/** Splits `source` into tokens. Unterminated constructs end at the end of the text. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  // Open template literals: the brace depth at which each `${` was entered.
  const templateDepths: number[] = [];
  let braceDepth = 0;

  const lastSignificant = (): Token | undefined => {
    for (let k = tokens.length - 1; k >= 0; k--) {
      if (tokens[k].type !== 'comment') return tokens[k];
    }
    return undefined;
  };
  const regexAllowed = (): boolean => {
    const prev = lastSignificant();
    if (!prev) return true;
    if (prev.type === 'ident') return REGEX_AFTER_KEYWORDS.has(prev.value);
    if (prev.type === 'punct')
      return !(prev.value === ')' || prev.value === ']' || prev.value === '}');
    return false;
  };
  // Reads a template literal's text from `i` (just after "`" or "}") up to
  // "`" or "${"; returns the end index.
  const templateChunk = (from: number): { end: number; opensExpr: boolean } => {
    let j = from;
    while (j < n) {
      const c = source[j];
      if (c === '\\') j += 2;
      else if (c === '`') return { end: j + 1, opensExpr: false };
      else if (c === '$' && source[j + 1] === '{') return { end: j + 2, opensExpr: true };
      else j++;
    }
    return { end: n, opensExpr: false };
  };

  while (i < n) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    const start = i;
    if (c === '/' && source[i + 1] === '/') {
      const nl = source.indexOf('\n', i);
      i = nl === -1 ? n : nl;
      tokens.push({ type: 'comment', value: source.slice(start, i), start, end: i });
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      i = close === -1 ? n : close + 2;
      tokens.push({ type: 'comment', value: source.slice(start, i), start, end: i });
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      while (i < n && source[i] !== c && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
      i = Math.min(i + 1, n);
      tokens.push({ type: 'string', value: source.slice(start, i), start, end: i });
      continue;
    }
    if (c === '`') {
      const chunk = templateChunk(i + 1);
      i = chunk.end;
      if (chunk.opensExpr) templateDepths.push(braceDepth);
      tokens.push({ type: 'template', value: source.slice(start, i), start, end: i });
      continue;
    }
    if (
      c === '}' &&
      templateDepths.length > 0 &&
      templateDepths[templateDepths.length - 1] === braceDepth
    ) {
      // The end of a `${...}`: the template literal goes on.
      templateDepths.pop();
      const chunk = templateChunk(i + 1);
      i = chunk.end;
      if (chunk.opensExpr) templateDepths.push(braceDepth);
      tokens.push({ type: 'template', value: source.slice(start, i), start, end: i });
      continue;
    }
    if (c === '/' && regexAllowed()) {
      let inClass = false;
      i++;
      while (i < n && source[i] !== '\n') {
        const d = source[i];
        if (d === '\\') i += 2;
        else if (d === '[') ((inClass = true), i++);
        else if (d === ']') ((inClass = false), i++);
        else if (d === '/' && !inClass) break;
        else i++;
      }
      i++;
      while (i < n && IDENT_PART.test(source[i])) i++;
      tokens.push({ type: 'regex', value: source.slice(start, i), start, end: i });
      continue;
    }
    if (IDENT_START.test(c) || (c === '#' && IDENT_START.test(source[i + 1] ?? ''))) {
      i++;
      while (i < n && IDENT_PART.test(source[i])) i++;
      tokens.push({ type: 'ident', value: source.slice(start, i), start, end: i });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      i++;
      while (i < n && /[0-9A-Za-z_.]/.test(source[i])) i++;
      tokens.push({ type: 'number', value: source.slice(start, i), start, end: i });
      continue;
    }
    // Punctuation: one character at a time, except `=>`, `...` and `?.`,
    // which the parsers look for as units.
    let value = c;
    if (c === '=' && source[i + 1] === '>') value = '=>';
    else if (c === '.' && source.startsWith('...', i)) value = '...';
    else if (c === '?' && source[i + 1] === '.' && !/[0-9]/.test(source[i + 2] ?? '')) value = '?.';
    if (value === '{') braceDepth++;
    if (value === '}') braceDepth--;
    i += value.length;
    tokens.push({ type: 'punct', value, start, end: i });
  }
  return tokens;
}

/** The tokens without comments. */
export function code(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.type !== 'comment');
}

/**
 * Given the index of an opening `(`, `[` or `{` in `tokens`, returns the index
 * of its matching closer (or the last index if unbalanced).
 */
export function matching(tokens: Token[], open: number): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [];
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type !== 'punct') continue;
    if (pairs[t.value]) stack.push(pairs[t.value]);
    else if (t.value === ')' || t.value === ']' || t.value === '}') {
      stack.pop();
      if (stack.length === 0) return k;
    }
  }
  return tokens.length - 1;
}
