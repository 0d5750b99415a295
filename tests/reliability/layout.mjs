// The descriptor table's layout and the boundary's status codes as the spec writes them:
// parsed from crate/LAYOUT.md's tables, not copied from the facade's generated
// ts/src/abi.gen.ts. The reliability suites read the table with these numbers, so a wrong
// constant in the Rust source (which generates abi.gen.ts) shows up as a disagreement with the
// spec instead of being shared by the facade and its checker. Runs in Node and in a browser
// (the browser storm serves the repository, so the spec is fetched next to this file).

const SPEC = new URL('../../crate/LAYOUT.md', import.meta.url);

async function readText(url) {
  if (typeof process !== 'undefined' && process.versions?.node !== undefined) {
    const { readFileSync } = await import('node:fs');
    return readFileSync(url, 'utf8');
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot fetch ${url}: ${response.status}`);
  return response.text();
}

function missing(what) {
  throw new Error(`crate/LAYOUT.md: cannot find ${what} (the reliability suites read the spec)`);
}

/** The rows of the markdown table under the heading that ends with `heading`, as cells. */
function tableAfter(text, heading) {
  const at = text.search(new RegExp(`^#+ (.* )?${heading}\\s*$`, 'im'));
  if (at < 0) return null;
  const rows = [];
  for (const line of text.slice(at).split('\n').slice(1)) {
    if (/^#+ /.test(line)) break;
    if (!line.startsWith('|')) {
      if (rows.length > 0) break;
      continue;
    }
    const cells = line
      .slice(1, line.lastIndexOf('|'))
      .split('|')
      .map((cell) => cell.trim());
    if (!cells.every((cell) => /^:?-+:?$/.test(cell))) rows.push(cells);
  }
  return rows.slice(1); // without the header row
}

/** `{ field name: byte offset }` of an "offset | field | meaning" table, and its meanings. */
function fields(rows, what) {
  if (rows === null || rows.length === 0) missing(`the ${what} table`);
  const offsets = {};
  const meanings = {};
  for (const [offset, field, meaning] of rows) {
    offsets[field] = Number(offset);
    meanings[field] = meaning;
  }
  return { offsets, meanings };
}

function word(offsets, field, what) {
  if (!(field in offsets)) missing(`the ${what} field "${field}"`);
  return offsets[field] / 4;
}

function number(pattern, text, what) {
  const match = pattern.exec(text ?? '');
  if (match === null) missing(what);
  return Number(match[1]);
}

/** The layout as crate/LAYOUT.md writes it (throws if a number it names is not there). */
export function parseLayout(text) {
  const header = fields(tableAfter(text, 'Header'), 'header');
  const entry = fields(tableAfter(text, 'Entry'), 'entry');
  const chunkSlots = number(/`(\d+)`/, header.meanings['chunk slots'], 'the slots per chunk');
  const entryBytes = number(/`(\d+)`/, header.meanings['entry bytes'], 'the bytes per entry');
  const maxChunks = number(/`(\d+)`/, header.meanings['chunk directory'], 'the directory size');
  const slotBits = number(/`\(generation << (\d+)\) \| slot`/, text, 'the handle format');
  const directory = word(header.offsets, 'chunk directory', 'header');
  const layout = {
    magic: number(/`(0x[0-9a-f]+)`/i, header.meanings.magic, 'the magic'),
    version: number(/`(\d+)`/, header.meanings['layout version'], 'the layout version'),
    magicWord: word(header.offsets, 'magic', 'header'),
    versionWord: word(header.offsets, 'layout version', 'header'),
    capacity: word(header.offsets, 'capacity', 'header'),
    epoch: word(header.offsets, 'growth epoch', 'header'),
    live: word(header.offsets, 'live handles', 'header'),
    directory,
    chunkSlots,
    chunkShift: Math.log2(chunkSlots),
    maxChunks,
    entryWords: entryBytes / 4,
    slotBits,
    slotMask: 2 ** slotBits - 1,
    maxGeneration: number(/generation,?\s+`1\.\.=(\d+)`/, text, 'the highest generation'),
    headerBytes: (directory + maxChunks) * 4,
  };
  const ENTRY = {};
  for (const field of ['ptr', 'length', 'kind', 'generation', 'version', 'state'])
    ENTRY[field] = word(entry.offsets, field, 'entry');
  // Word 6 records who released a slot; older specs call it reserved.
  if ('released by' in entry.offsets)
    ENTRY.releasedBy = word(entry.offsets, 'released by', 'entry');
  const STATE = {};
  for (const [, code, name] of (entry.meanings.state ?? '').matchAll(/`(\d+)` (\w+)/g))
    STATE[name.toLowerCase()] = Number(code);
  for (const name of ['free', 'rust', 'js', 'raw']) if (!(name in STATE)) missing(`state ${name}`);

  const kindRows = tableAfter(text, 'Kinds') ?? missing('the kinds table');
  const KINDS = [];
  const KIND_BYTES = [];
  const KIND_ARRAYS = [];
  for (const [code, kind, bytes, array] of kindRows) {
    const index = Number(code);
    KINDS[index] = kind.replaceAll('`', '');
    KIND_BYTES[index] = Number(bytes);
    KIND_ARRAYS[index] = /`(\w+)`/.exec(array)[1];
  }

  // The status codes of the raw exports: "| code | `STATUS_NAME` | meaning |".
  const STATUS = {};
  for (const [code, name] of tableAfter(text, 'status codes') ?? missing('the status codes'))
    STATUS[name.replaceAll('`', '').replace(/^STATUS_/, '')] = Number(code);
  return { LAYOUT: layout, ENTRY, STATE, KINDS, KIND_BYTES, KIND_ARRAYS, STATUS };
}

const spec = parseLayout(await readText(SPEC));
const expectedStatuses = [
  'OK',
  'STALE_HANDLE',
  'KIND_MISMATCH',
  'OUT_OF_MEMORY',
  'TOO_LARGE',
  'UNKNOWN_KIND',
  'WRONG_OWNER',
  'BORROWED',
];
for (const name of expectedStatuses)
  if (!(name in spec.STATUS)) missing(`the status code STATUS_${name}`);

// wasmViewsAlloc returns a handle or a status code: the codes must stay below every handle
// (generation 1 and up, so at least 1 << slotBits) for the two never to be confused.
for (const [name, code] of Object.entries(spec.STATUS))
  if (!(code >= 0 && code < 2 ** spec.LAYOUT.slotBits))
    throw new Error(`crate/LAYOUT.md: STATUS_${name} = ${code} could be a handle`);

export const { LAYOUT, ENTRY, STATE, KINDS, KIND_BYTES, KIND_ARRAYS, STATUS } = spec;
