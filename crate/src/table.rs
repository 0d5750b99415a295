//! The descriptor table in linear memory, exactly as `crate/LAYOUT.md` describes it.
//!
//! Every field JavaScript reads is an `AtomicU32`. That is not about threads: it gives the
//! table interior mutability without `static mut`, has the same layout as `u32`, and compiles
//! to plain loads and stores on wasm32. Writers take the table's lock, so the atomics only
//! need `Relaxed` ordering, except the version bump (`Release`), which publishes the fields
//! written before it.
//!
//! Natively (for `cargo test`), addresses are 64-bit while the table's fields are 32-bit: the
//! `ptr` and directory words then hold truncated addresses and are never read back. Rust keeps
//! its own full-width copy of each slot ([`Meta`]), so the same logic runs and is tested on
//! both targets.

use crate::error::{Error, Result};
use crate::handle::{Handle, MAX_GENERATION};
use crate::kind::Kind;
use crate::layout::*;
use std::alloc::Layout;
use std::sync::atomic::{fence, AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};

/// Who owns a buffer's memory, which decides who may change or free it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Owner {
    /// A Rust [`LiveVec`](crate::LiveVec): only its owner changes it; it releases on drop.
    Rust,
    /// Allocated for JavaScript (`wasmViewsAlloc`): resized and freed from either side, and
    /// borrowable by Rust code.
    Js,
    /// Memory owned elsewhere, registered with [`register_raw`](crate::register_raw).
    Raw,
}

impl Owner {
    /// The `state` field value.
    pub const fn state(self) -> u32 {
        match self {
            Owner::Rust => STATE_RUST,
            Owner::Js => STATE_JS,
            Owner::Raw => STATE_RAW,
        }
    }

    /// The name `describe()` reports: `"rust"`, `"js"` or `"raw"`.
    pub const fn name(self) -> &'static str {
        match self {
            Owner::Rust => "rust",
            Owner::Js => "js",
            Owner::Raw => "raw",
        }
    }

    /// The owner a `state` (or `released_by`) field value names; `None` for `STATE_FREE` or
    /// anything else.
    pub const fn from_state(state: u32) -> Option<Owner> {
        match state {
            STATE_RUST => Some(Owner::Rust),
            STATE_JS => Some(Owner::Js),
            STATE_RAW => Some(Owner::Raw),
            _ => None,
        }
    }
}

/// The header: a `static`, so its address never changes.
#[repr(C, align(8))]
pub(crate) struct Header {
    words: [AtomicU32; HEADER_WORDS],
}

/// One descriptor entry; the words JavaScript reads.
#[repr(C)]
struct Entry {
    words: [AtomicU32; ENTRY_WORDS],
}

impl Entry {
    fn get(&self, word: usize) -> u32 {
        self.words[word].load(Ordering::Relaxed)
    }

    fn set(&self, word: usize, value: u32) {
        self.words[word].store(value, Ordering::Relaxed)
    }

    /// Changes fields as a sequence lock (the LAYOUT.md rule): the version is odd while
    /// `write` runs and even again, two further on, once it is done. A reader on another
    /// thread that sees the same even version before and after reading the fields has read
    /// them whole, never a new pointer with an old length.
    fn update(&self, write: impl FnOnce(&Entry)) {
        let version = &self.words[ENTRY_VERSION];
        version.fetch_add(1, Ordering::Relaxed);
        fence(Ordering::Release);
        write(self);
        version.fetch_add(1, Ordering::Release);
    }
}

/// A block of entries. Allocated once, never moved or freed, so entry addresses are fixed.
#[repr(C)]
struct Chunk {
    entries: [Entry; CHUNK_SLOTS],
}

/// Rust's full-width copy of a slot, plus what JavaScript never needs to see.
#[derive(Clone, Copy, Debug, Default)]
struct Meta {
    ptr: usize,
    len: usize,
    /// Capacity in elements of a JS-owned allocation (what `dealloc` needs back).
    cap: usize,
    /// `> 0`: that many shared borrows; `-1`: one exclusive borrow.
    borrows: isize,
    /// While the slot is free: the next free slot, or [`NO_SLOT`].
    next_free: u32,
}

/// The end of the free list.
const NO_SLOT: u32 = u32::MAX;

/// Everything behind the lock.
struct State {
    chunks: Vec<&'static Chunk>,
    meta: Vec<Meta>,
    /// The most recently released slot, or [`NO_SLOT`]: released slots are reused last-in
    /// first-out, linked through `Meta::next_free`, so releasing (which happens in `Drop`)
    /// never allocates and the binary has no allocation on that path at all.
    free_head: u32,
    /// Slots below this have been handed out at least once.
    used: u32,
}

/// What a live slot holds at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Snapshot {
    pub handle: Handle,
    pub kind: Kind,
    pub owner: Owner,
    pub ptr: usize,
    pub len: usize,
    pub cap: usize,
    pub version: u32,
}

/// A descriptor table: its header and the Rust-side state, behind one lock.
///
/// The lock is a `std::sync::Mutex`: on single-threaded wasm it is a flag that turns any
/// re-entrant use into a panic instead of undefined behaviour; natively (tests) and in a
/// threads build it is a real lock. Nothing runs under it that could call back into the table:
/// no JavaScript, and the allocator, which [`GrowthTrackingAllocator`](crate::GrowthTrackingAllocator)
/// only extends with lock-free atomics.
pub(crate) struct Table {
    header: Header,
    state: Mutex<State>,
}

/// The module's table, whose header address is `wasmViewsTable()`.
pub(crate) static TABLE: Table = Table::new();

impl Table {
    pub(crate) const fn new() -> Table {
        let mut words = [const { AtomicU32::new(0) }; HEADER_WORDS];
        words[HEADER_MAGIC] = AtomicU32::new(TABLE_MAGIC);
        words[HEADER_VERSION] = AtomicU32::new(LAYOUT_VERSION);
        words[HEADER_CHUNK_SLOTS] = AtomicU32::new(CHUNK_SLOTS as u32);
        words[HEADER_ENTRY_BYTES] = AtomicU32::new((ENTRY_WORDS * 4) as u32);
        Table {
            header: Header { words },
            state: Mutex::new(State {
                chunks: Vec::new(),
                meta: Vec::new(),
                free_head: NO_SLOT,
                used: 0,
            }),
        }
    }

    /// The header's address in linear memory.
    pub(crate) fn address(&self) -> usize {
        &self.header as *const Header as usize
    }

    pub(crate) fn header_word(&self, word: usize) -> u32 {
        self.header.words[word].load(Ordering::Relaxed)
    }

    /// Bumps the growth epoch. Lock-free, so an allocator may call it at any time.
    pub(crate) fn bump_epoch(&self) -> u32 {
        self.header.words[HEADER_EPOCH].fetch_add(1, Ordering::AcqRel) + 1
    }

    fn lock(&self) -> Locked<'_> {
        // A panic under the lock leaves the fields consistent (each write is one word and the
        // version is bumped last), so a poisoned lock is still usable.
        Locked {
            table: self,
            state: self
                .state
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        }
    }

    /// Takes a slot for a new buffer.
    pub(crate) fn register(
        &self,
        kind: Kind,
        owner: Owner,
        ptr: usize,
        len: usize,
        cap: usize,
    ) -> Result<Handle> {
        let len32 = to_u32(len, kind)?;
        let mut locked = self.lock();
        let slot = locked.take_slot()?;
        let entry = locked.entry(slot);
        *locked.meta(slot) = Meta {
            ptr,
            len,
            cap,
            borrows: 0,
            next_free: NO_SLOT,
        };
        entry.update(|entry| {
            entry.set(ENTRY_PTR, ptr as u32);
            entry.set(ENTRY_LENGTH, len32);
            entry.set(ENTRY_KIND, kind.code());
            entry.set(ENTRY_STATE, owner.state());
            entry.set(ENTRY_RELEASED_BY, 0);
        });
        self.header.words[HEADER_LIVE].fetch_add(1, Ordering::Relaxed);
        Ok(Handle::new(slot, entry.get(ENTRY_GENERATION)))
    }

    /// Runs `f` on a live slot, under the lock.
    pub(crate) fn with_slot<R>(
        &self,
        handle: Handle,
        f: impl FnOnce(&mut SlotMut<'_>) -> Result<R>,
    ) -> Result<R> {
        let mut locked = self.lock();
        let slot = locked.live_slot(handle)?;
        let entry = locked.entry(slot);
        let meta = locked.meta(slot);
        f(&mut SlotMut {
            handle,
            entry,
            meta,
        })
    }

    /// What a live handle holds now.
    pub(crate) fn snapshot(&self, handle: Handle) -> Result<Snapshot> {
        self.with_slot(handle, |slot| Ok(slot.snapshot()))
    }

    /// Frees a slot owned by `owner`: it stops being live, its generation moves on (or it
    /// retires) and its version is bumped. Returns what it held.
    pub(crate) fn release(&self, handle: Handle, owner: Owner) -> Result<Snapshot> {
        let mut locked = self.lock();
        let slot = locked.live_slot(handle)?;
        let entry = locked.entry(slot);
        let snapshot = {
            let held = SlotMut {
                handle,
                entry,
                meta: locked.meta(slot),
            };
            held.require(owner)?;
            if held.borrows() != 0 {
                return Err(Error::Borrowed(handle));
            }
            held.snapshot()
        };
        let generation = entry.get(ENTRY_GENERATION);
        let next = if generation >= MAX_GENERATION {
            0
        } else {
            generation + 1
        };
        *locked.meta(slot) = Meta {
            next_free: locked.state.free_head,
            ..Meta::default()
        };
        entry.update(|entry| {
            entry.set(ENTRY_PTR, 0);
            entry.set(ENTRY_LENGTH, 0);
            entry.set(ENTRY_STATE, STATE_FREE);
            entry.set(ENTRY_RELEASED_BY, snapshot.owner.state());
            entry.set(ENTRY_GENERATION, next);
        });
        if next != 0 {
            locked.state.free_head = slot;
        }
        self.header.words[HEADER_LIVE].fetch_sub(1, Ordering::Relaxed);
        Ok(snapshot)
    }
}

/// Only slots below `used` are looked up, and those have chunks and metadata: a static message
/// instead of indexing's, whose formatting would be linked into every module.
#[cold]
#[inline(never)]
fn out_of_table() -> ! {
    panic!("wasm-views: slot outside the table")
}

/// The table with its lock held.
struct Locked<'a> {
    table: &'a Table,
    state: MutexGuard<'a, State>,
}

impl Locked<'_> {
    fn entry(&self, slot: u32) -> &'static Entry {
        let Some(chunk) = self.state.chunks.get((slot >> CHUNK_SHIFT) as usize) else {
            out_of_table()
        };
        &chunk.entries[slot as usize & (CHUNK_SLOTS - 1)]
    }

    fn meta(&mut self, slot: u32) -> &mut Meta {
        match self.state.meta.get_mut(slot as usize) {
            Some(meta) => meta,
            None => out_of_table(),
        }
    }

    /// The slot of a live handle, per the liveness rule in LAYOUT.md.
    fn live_slot(&self, handle: Handle) -> Result<u32> {
        let slot = handle.slot();
        let generation = handle.generation();
        let stale = |released_by| Error::StaleHandle {
            handle,
            released_by,
        };
        if generation == 0 || slot >= self.state.used {
            return Err(stale(None));
        }
        let entry = self.entry(slot);
        let (now, state) = (entry.get(ENTRY_GENERATION), entry.get(ENTRY_STATE));
        if now == generation && state != STATE_FREE {
            return Ok(slot);
        }
        // Who released it is known only while the slot still holds the release of exactly
        // this generation: free, and one generation on (or retired after the last one).
        let next = if generation >= MAX_GENERATION {
            0
        } else {
            generation + 1
        };
        let released_by = if state == STATE_FREE && now == next {
            Owner::from_state(entry.get(ENTRY_RELEASED_BY))
        } else {
            None
        };
        Err(stale(released_by))
    }

    fn take_slot(&mut self) -> Result<u32> {
        let head = self.state.free_head;
        if head != NO_SLOT {
            self.state.free_head = self.meta(head).next_free;
            return Ok(head);
        }
        let slot = self.state.used;
        if slot as usize == self.state.chunks.len() * CHUNK_SLOTS {
            self.add_chunk()?;
        }
        self.state.used += 1;
        self.entry(slot).set(ENTRY_GENERATION, 1);
        Ok(slot)
    }

    fn add_chunk(&mut self) -> Result<()> {
        let index = self.state.chunks.len();
        let table_full = Error::OutOfMemory {
            bytes: core::mem::size_of::<Chunk>() as u64,
        };
        if index >= MAX_CHUNKS {
            return Err(table_full);
        }
        // Reserve everything the new slots can need before publishing the chunk, so a failure
        // leaves the table as it was.
        let slots = (index + 1) * CHUNK_SLOTS;
        let state = &mut *self.state;
        let reserve = |v: usize| slots.saturating_sub(v);
        state.chunks.try_reserve(1).map_err(|_| table_full)?;
        state
            .meta
            .try_reserve_exact(reserve(state.meta.len()))
            .map_err(|_| table_full)?;
        let layout = Layout::new::<Chunk>();
        // SAFETY: `Chunk` has a non-zero size. All-zero bytes are a valid `Chunk` (it is only
        // `AtomicU32`s), and zero is what a fresh entry must hold (state free, generation 0).
        let raw = unsafe { std::alloc::alloc_zeroed(layout) } as *const Chunk;
        if raw.is_null() {
            return Err(table_full);
        }
        // SAFETY: `raw` is a live, initialised, never-freed allocation: leaking it as `'static`
        // is what keeps entry addresses fixed for the life of the module.
        let chunk: &'static Chunk = unsafe { &*raw };
        state.chunks.push(chunk);
        state.meta.resize(slots, Meta::default());
        let words = &self.table.header.words;
        words[HEADER_DIRECTORY + index].store(raw as usize as u32, Ordering::Relaxed);
        words[HEADER_CAPACITY].store(slots as u32, Ordering::Release);
        Ok(())
    }
}

/// A live slot, with the table lock held.
pub(crate) struct SlotMut<'a> {
    handle: Handle,
    entry: &'static Entry,
    meta: &'a mut Meta,
}

impl SlotMut<'_> {
    pub(crate) fn kind(&self) -> Kind {
        Kind::from_code(self.entry.get(ENTRY_KIND)).expect("the table only stores known kinds")
    }

    pub(crate) fn owner(&self) -> Owner {
        Owner::from_state(self.entry.get(ENTRY_STATE)).expect("live slots have an owner")
    }

    pub(crate) fn snapshot(&self) -> Snapshot {
        Snapshot {
            handle: self.handle,
            kind: self.kind(),
            owner: self.owner(),
            ptr: self.meta.ptr,
            len: self.meta.len,
            cap: self.meta.cap,
            version: self.entry.get(ENTRY_VERSION),
        }
    }

    /// `WrongOwner` unless the slot belongs to `owner`.
    pub(crate) fn require(&self, owner: Owner) -> Result<()> {
        let found = self.owner();
        if found == owner {
            Ok(())
        } else {
            Err(Error::WrongOwner {
                handle: self.handle,
                expected: owner,
                found,
            })
        }
    }

    /// `KindMismatch` unless the slot holds `kind`.
    pub(crate) fn require_kind(&self, expected: Kind) -> Result<()> {
        let found = self.kind();
        if found == expected {
            Ok(())
        } else {
            Err(Error::KindMismatch { expected, found })
        }
    }

    pub(crate) fn borrows(&self) -> isize {
        self.meta.borrows
    }

    pub(crate) fn set_borrows(&mut self, borrows: isize) {
        self.meta.borrows = borrows;
    }

    /// Records where the data is now. Bumps the version only if the address or length
    /// changed: a capacity change alone is invisible to JavaScript.
    pub(crate) fn set(&mut self, ptr: usize, len: usize, cap: usize) -> Result<()> {
        let len32 = to_u32(len, self.kind())?;
        self.meta.cap = cap;
        if self.meta.ptr != ptr || self.meta.len != len {
            self.meta.ptr = ptr;
            self.meta.len = len;
            self.entry.update(|entry| {
                entry.set(ENTRY_PTR, ptr as u32);
                entry.set(ENTRY_LENGTH, len32);
            });
        }
        Ok(())
    }
}

/// Lengths are `u32` in the table; a longer buffer cannot be described.
fn to_u32(len: usize, kind: Kind) -> Result<u32> {
    u32::try_from(len).map_err(|_| Error::TooLarge {
        len: len as u64,
        kind,
    })
}

/// Only tests drop a table (the module's one table is a `static`, never dropped): free its
/// chunks then, so that Miri's leak check reports only real leaks.
#[cfg(test)]
impl Drop for Table {
    fn drop(&mut self) {
        let state = self
            .state
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for chunk in state.chunks.drain(..) {
            // SAFETY: every chunk came from `alloc_zeroed(Layout::new::<Chunk>())` in
            // `add_chunk`, and is reachable only through this table, which is going away.
            unsafe {
                std::alloc::dealloc(chunk as *const Chunk as *mut u8, Layout::new::<Chunk>())
            };
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "table_tests.rs"]
mod tests;
