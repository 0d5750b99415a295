// Every feature entry, for the entries that carry the whole API (entry-node.ts,
// entry-browser.ts, and wasm-views/testing, whose helpers use alloc, describe and onGrow).
// Each import installs its methods into the core's classes; the build keeps each feature its
// own file (npm/<name>.mjs), so this inlines to six imports. The list matches FEATURES in
// scripts/features.mjs (tests/node/package.test.mjs checks the built entries against it).
import './copy.js';
import './growth.js';
import './inspect.js';
import './js-buffers.js';
import './reserve.js';
import './resizable.js';
