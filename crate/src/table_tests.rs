//! Unit tests of the descriptor table (`table.rs`): a private table per test.

use super::*;

fn table() -> Box<Table> {
    Box::new(Table::new())
}

fn stale(handle: Handle, released_by: Option<Owner>) -> Error {
    Error::StaleHandle {
        handle,
        released_by,
    }
}

fn entry_word(table: &Table, handle: Handle, word: usize) -> u32 {
    table.lock().entry(handle.slot()).get(word)
}

#[test]
fn header_is_initialised() {
    let t = table();
    assert_eq!(t.header_word(HEADER_MAGIC), TABLE_MAGIC);
    assert_eq!(t.header_word(HEADER_VERSION), LAYOUT_VERSION);
    assert_eq!(t.header_word(HEADER_CHUNK_SLOTS), 256);
    assert_eq!(t.header_word(HEADER_ENTRY_BYTES), 32);
    assert_eq!(t.header_word(HEADER_CAPACITY), 0);
    assert_eq!(core::mem::size_of::<Header>(), (8 + 4096) * 4);
    assert_eq!(core::mem::size_of::<Chunk>(), 256 * 32);
}

#[test]
fn register_writes_entry_then_release_invalidates() {
    let t = table();
    let h = t.register(Kind::F32, Owner::Js, 0x1000, 7, 7).unwrap();
    assert_eq!(h.slot(), 0);
    assert_eq!(h.generation(), 1);
    assert_ne!(h.get(), 0);
    assert_eq!(t.header_word(HEADER_CAPACITY), 256);
    assert_eq!(t.header_word(HEADER_LIVE), 1);
    assert_eq!(entry_word(&t, h, ENTRY_PTR), 0x1000);
    assert_eq!(entry_word(&t, h, ENTRY_LENGTH), 7);
    assert_eq!(entry_word(&t, h, ENTRY_KIND), Kind::F32.code());
    assert_eq!(entry_word(&t, h, ENTRY_STATE), STATE_JS);
    let v = entry_word(&t, h, ENTRY_VERSION);
    assert_eq!(
        t.release(h, Owner::Rust),
        Err(Error::WrongOwner {
            handle: h,
            expected: Owner::Rust,
            found: Owner::Js
        })
    );
    t.release(h, Owner::Js).unwrap();
    assert_eq!(t.header_word(HEADER_LIVE), 0);
    assert_eq!(entry_word(&t, h, ENTRY_STATE), STATE_FREE);
    assert_eq!(entry_word(&t, h, ENTRY_GENERATION), 2);
    assert!(entry_word(&t, h, ENTRY_VERSION) > v);
    assert_eq!(entry_word(&t, h, ENTRY_RELEASED_BY), STATE_JS);
    assert_eq!(t.snapshot(h), Err(stale(h, Some(Owner::Js))));
    assert_eq!(t.release(h, Owner::Js), Err(stale(h, Some(Owner::Js))));
    let h2 = t.register(Kind::U8, Owner::Rust, 0, 0, 0).unwrap();
    assert_eq!((h2.slot(), h2.generation()), (0, 2));
    assert_eq!(entry_word(&t, h2, ENTRY_RELEASED_BY), 0);
    // Reused: who released the old buffer is no longer known.
    assert_eq!(t.snapshot(h), Err(stale(h, None)));
    t.release(h2, Owner::Rust).unwrap();
    assert_eq!(t.snapshot(h2), Err(stale(h2, Some(Owner::Rust))));
    // An older generation of a free slot: not the release the entry records.
    assert_eq!(t.snapshot(h), Err(stale(h, None)));
}

#[test]
fn forged_handles_are_stale() {
    let t = table();
    for raw in [0, 1, 1 << SLOT_BITS, u32::MAX, (5 << SLOT_BITS) | 3] {
        let h = Handle::from_raw(raw);
        assert_eq!(t.snapshot(h), Err(stale(h, None)));
    }
}

#[test]
fn set_bumps_version_only_on_change() {
    let t = table();
    let h = t.register(Kind::I32, Owner::Raw, 64, 4, 4).unwrap();
    let v0 = entry_word(&t, h, ENTRY_VERSION);
    t.with_slot(h, |s| s.set(64, 4, 10)).unwrap();
    assert_eq!(entry_word(&t, h, ENTRY_VERSION), v0);
    t.with_slot(h, |s| s.set(128, 4, 10)).unwrap();
    // Two steps per change (odd while writing), so a settled version is always even.
    assert_eq!(entry_word(&t, h, ENTRY_VERSION), v0 + 2);
    assert_eq!(v0 % 2, 0);
    assert_eq!(entry_word(&t, h, ENTRY_PTR), 128);
}

#[test]
fn slot_retires_after_max_generation() {
    let t = table();
    let mut h = t.register(Kind::U8, Owner::Raw, 0, 0, 0).unwrap();
    let slot = h.slot();
    for generation in 1..=MAX_GENERATION {
        assert_eq!((h.slot(), h.generation()), (slot, generation));
        t.release(h, Owner::Raw).unwrap();
        h = t.register(Kind::U8, Owner::Raw, 0, 0, 0).unwrap();
    }
    // The slot passed generation 4095 and retired: the new handle got a fresh slot.
    assert_ne!(h.slot(), slot);
    assert_eq!(t.lock().entry(slot).get(ENTRY_GENERATION), 0);
}

#[test]
fn chunks_never_move() {
    let t = table();
    let first = t.register(Kind::U8, Owner::Raw, 0, 0, 0).unwrap();
    let address = t.lock().entry(first.slot()) as *const Entry;
    let handles: Vec<Handle> = (0..1000)
        .map(|_| t.register(Kind::U8, Owner::Raw, 0, 0, 0).unwrap())
        .collect();
    assert_eq!(t.header_word(HEADER_CAPACITY), 1024);
    assert_eq!(t.lock().entry(first.slot()) as *const Entry, address);
    assert_ne!(t.header_word(HEADER_DIRECTORY + 3), 0);
    assert_eq!(t.header_word(HEADER_DIRECTORY + 4), 0);
    for h in handles {
        t.release(h, Owner::Raw).unwrap();
    }
    assert_eq!(t.header_word(HEADER_LIVE), 1);
}
