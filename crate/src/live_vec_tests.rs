//! Unit tests of `LiveVec` (`live_vec.rs`), including element types with invalid bit
//! patterns.

use super::*;
use crate::table::Owner;

#[test]
fn descriptor_follows_the_vec() {
    let mut v = LiveVec::<f32>::new();
    let h = v.handle();
    for i in 0..1000 {
        v.push(i as f32);
        let s = TABLE.snapshot(h).unwrap();
        assert_eq!(
            (s.ptr, s.len, s.owner),
            (v.as_ptr() as usize, v.len(), Owner::Rust)
        );
    }
    v.truncate(10);
    v.shrink_to_fit();
    assert_eq!(TABLE.snapshot(h).unwrap().ptr, v.as_ptr() as usize);
    assert_eq!(TABLE.snapshot(h).unwrap().len, 10);
    v.clear();
    assert_eq!(TABLE.snapshot(h).unwrap().len, 0);
    v.resize(5, 2.5);
    v.extend([1.0, 2.0]);
    assert_eq!(&v[..], &[2.5, 2.5, 2.5, 2.5, 2.5, 1.0, 2.0]);
    v.try_push(3.0).unwrap();
    assert!(v.try_reserve(usize::MAX / 8).is_err());
    assert_eq!(v.len(), 8);
    drop(v);
    assert!(TABLE.snapshot(h).is_err());
}

#[test]
fn into_vec_releases() {
    let v = LiveVec::from(vec![1u8, 2, 3]);
    let h = v.handle();
    assert_eq!(v.into_vec(), vec![1, 2, 3]);
    assert!(TABLE.snapshot(h).is_err());
}

/// A fieldless enum, as the Game of Life stores its cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, bytemuck::NoUninit, bytemuck::CheckedBitPattern)]
#[repr(u8)]
enum Cell {
    Dead = 0,
    Alive = 1,
}

impl Element for Cell {
    type Repr = u8;
}

/// What JavaScript can do through a view: write any byte.
fn js_writes(v: &mut LiveVec<Cell>, index: usize, byte: u8) {
    // SAFETY: `index` is in bounds; a byte store is what a Uint8Array write does.
    unsafe { v.as_mut_ptr().cast::<u8>().add(index).write(byte) }
}

#[test]
fn what_a_vec_user_reaches_for() {
    let mut cells: LiveVec<Cell> = (0..6)
        .map(|i| if i % 3 == 0 { Cell::Alive } else { Cell::Dead })
        .collect();
    let h = cells.handle();
    assert_eq!(TABLE.snapshot(h).unwrap().kind, crate::Kind::U8);
    cells[1] = Cell::Alive;
    cells.set(2, Cell::Alive);
    assert_eq!(cells.iter().filter(|&&c| c == Cell::Alive).count(), 4);
    assert_eq!(cells.get(5), Some(&Cell::Dead));
    assert_eq!(cells.get(6), None);
    assert_eq!(&cells[..2], &[Cell::Alive, Cell::Alive]);
    // Clone: same contents, a new buffer with a new handle.
    let copy = cells.clone();
    assert_eq!(copy, cells);
    assert_ne!(copy.handle(), h);
    assert_ne!(copy.as_ptr(), cells.as_ptr());
    // The book's `self.cells = next`: replace keeps the handle.
    let next: Vec<Cell> = cells.iter().map(|_| Cell::Dead).collect();
    let old = cells.replace(next);
    assert_eq!(old[0], Cell::Alive);
    assert_eq!(cells.handle(), h);
    assert!(cells.iter().all(|&c| c == Cell::Dead));
    cells.assign([Cell::Alive; 3]);
    assert_eq!(cells, [Cell::Alive; 3]);
    assert_eq!(TABLE.snapshot(h).unwrap().len, 3);
    cells.extend(&[Cell::Dead]);
    cells.extend([Cell::Dead]);
    assert_eq!(cells.pop(), Some(Cell::Dead));
    assert_eq!(cells.len(), 4);
    assert_eq!(
        format!("{cells:?}"),
        format!(
            "LiveVec {{ handle: {}, data: [Alive, Alive, Alive, Dead] }}",
            h.get()
        )
    );
    let mut n = 0;
    for _ in &cells {
        n += 1;
    }
    assert_eq!(n, 4);
    assert_eq!(cells.first_invalid(), None);
    assert_eq!(
        cells.into_vec(),
        vec![Cell::Alive, Cell::Alive, Cell::Alive, Cell::Dead]
    );
    assert!(TABLE.snapshot(h).is_err());
    let numbers = LiveVec::from([1u16, 2, 3]);
    assert_eq!(numbers, vec![1, 2, 3]);
    assert_eq!(numbers[1..], [2, 3]);
    assert_eq!(LiveVec::from(&[1u16, 2, 3][..]), numbers);
}

#[test]
fn bytes_javascript_wrote_are_checked_before_rust_reads_them() {
    let mut cells = LiveVec::from(vec![Cell::Dead; 4]);
    js_writes(&mut cells, 2, 1);
    assert_eq!(cells[2], Cell::Alive);
    js_writes(&mut cells, 3, 7);
    assert_eq!(cells.first_invalid(), Some(3));
    assert_eq!(cells.get(2), Some(&Cell::Alive));
    assert_eq!(cells.as_bytes(), &[0, 0, 1, 7]);
    for read in [
        |c: &mut LiveVec<Cell>| {
            std::hint::black_box(c.get(3));
        },
        |c: &mut LiveVec<Cell>| {
            std::hint::black_box(c.iter().count());
        },
        |c: &mut LiveVec<Cell>| {
            std::hint::black_box(c[3]);
        },
        |c: &mut LiveVec<Cell>| {
            std::hint::black_box(&c[2..]);
        },
        |c: &mut LiveVec<Cell>| {
            std::hint::black_box(c.clone());
        },
        |c: &mut LiveVec<Cell>| {
            std::hint::black_box(c.replace(Vec::new()));
        },
    ] {
        let mut copy = LiveVec::from(vec![Cell::Dead; 4]);
        js_writes(&mut copy, 3, 7);
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(&mut copy)));
        assert!(caught.is_err(), "an invalid Cell was read without a panic");
    }
    // Writing over an invalid element needs no read of it.
    cells.set(3, Cell::Dead);
    assert_eq!(cells.first_invalid(), None);
}

#[test]
fn iter_knows_its_length_and_runs_both_ways() {
    let v = LiveVec::from(vec![10u32, 20, 30, 40]);
    let mut it = v.iter();
    // `len()` asserts that size_hint's bounds agree, so a wrong hint fails here too.
    assert_eq!((it.len(), it.size_hint()), (4, (4, Some(4))));
    assert_eq!(it.next(), Some(&10));
    assert_eq!(it.size_hint(), (3, Some(3)));
    assert_eq!(it.nth(1), Some(&30));
    assert_eq!(it.clone().next_back(), Some(&40));
    assert_eq!(it.next_back(), Some(&40));
    assert_eq!((it.len(), it.next(), it.nth(1)), (0, None, None));
    let backwards: Vec<u32> = v.iter().rev().copied().collect();
    assert_eq!(backwards, [40, 30, 20, 10]);
    assert_eq!(v.iter().nth(3), Some(&40));
    assert_eq!(v.iter().nth(4), None);
    assert_eq!(v.iter().clone().count(), 4);
}

#[test]
fn capacity_follows_the_vec() {
    let mut v = LiveVec::<u32>::with_capacity(100);
    assert!(v.is_empty() && v.capacity() >= 100);
    v.push(1);
    assert!(!v.is_empty());
    v.reserve(1000);
    assert!(v.capacity() >= 1001);
    assert_eq!(TABLE.snapshot(v.handle()).unwrap().cap, v.capacity());
    v.shrink_to_fit();
    assert!(v.capacity() < 100, "{}", v.capacity());
    assert_eq!(TABLE.snapshot(v.handle()).unwrap().cap, v.capacity());
    v.extend_from_slice(&[2, 3]);
    assert_eq!(TABLE.snapshot(v.handle()).unwrap().len, 3);
    assert_eq!(v, [1, 2, 3]);
}

#[test]
fn a_refused_reservation_names_the_bytes_and_keeps_the_data() {
    let mut v = LiveVec::from(vec![1.0f32, 2.0, 3.0]);
    let before = TABLE.snapshot(v.handle()).unwrap();
    let refused = crate::allocator_tests::refusing_above(1024, || v.try_reserve(1000));
    // (3 + 1000) elements of 4 bytes.
    assert_eq!(refused, Err(Error::OutOfMemory { bytes: 4012 }));
    assert_eq!(TABLE.snapshot(v.handle()).unwrap(), before);
    assert_eq!(
        crate::allocator_tests::refusing_above(1024, || v.try_push(4.0)),
        Ok(())
    );
    let mut full = LiveVec::from(vec![0u8; 2048]);
    full.shrink_to_fit();
    assert_eq!(
        crate::allocator_tests::refusing_above(2048, || full.try_push(1)),
        Err(Error::OutOfMemory { bytes: 2049 })
    );
    assert_eq!(full.len(), 2048);
}

#[test]
fn set_writes_whole_multi_byte_elements() {
    let mut v = LiveVec::from(vec![0u32; 4]);
    v.set(2, 0x0102_0304);
    v.set(0, u32::MAX);
    assert_eq!(v, [u32::MAX, 0, 0x0102_0304, 0]);
    v[3] = 9;
    assert_eq!(v.get(3), Some(&9));
    *v.get_mut(1).unwrap() = 7;
    assert_eq!(v.to_vec(), [u32::MAX, 7, 0x0102_0304, 9]);
}

#[test]
fn slices_of_plain_numbers() {
    let mut v = LiveVec::from(vec![3u16, 1, 2]);
    let h = TABLE.snapshot(v.handle()).unwrap();
    // Deref: every slice method.
    assert!(v.contains(&1) && v.first() == Some(&3));
    v.sort_unstable();
    assert_eq!(v.as_slice(), [1, 2, 3]);
    v.as_mut_slice()[0] = 10;
    assert_eq!(&*v, [10, 2, 3]);
    // Writing elements moves nothing: the descriptor is as it was.
    assert_eq!(TABLE.snapshot(v.handle()).unwrap(), h);
}

#[test]
fn comparisons_see_the_elements() {
    let v = LiveVec::from(vec![1u8, 2, 3]);
    let same: &[u8] = &[1, 2, 3];
    let other: &[u8] = &[1, 2, 4];
    assert!(v == *same && v != *other);
    assert!(v == same && v != other);
    assert!(v == [1, 2, 3] && v != [1, 2]);
    assert!(v == vec![1, 2, 3] && v != vec![3, 2, 1]);
    let (same, other) = (LiveVec::from(same), LiveVec::from(other));
    assert!(v == same && v != other);
}

#[test]
fn ranges_are_checked_with_the_crates_own_panic() {
    let v = LiveVec::from(vec![Cell::Dead; 4]);
    assert_eq!(v[4..4].len(), 0);
    assert_eq!(v[0..0].len(), 0);
    assert_eq!(v[..4].len(), 4);
    assert_eq!(v[..].len(), 4);
    assert_eq!(v[1..=3].len(), 3);
    assert_eq!(v[..=3].len(), 4);
    assert_eq!(v[2..].len(), 2);
    assert_eq!(v[4..].len(), 0);
    // A static message (no formatting code linked), for each way a range can be wrong.
    for bad in [
        |v: &LiveVec<Cell>| v[std::hint::black_box(3)..2].len(),
        |v: &LiveVec<Cell>| v[0..5].len(),
        |v: &LiveVec<Cell>| v[5..].len(),
        |v: &LiveVec<Cell>| v[..=4].len(),
    ] {
        let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| bad(&v)))
            .expect_err("an out-of-bounds range did not panic");
        assert_eq!(
            panic.downcast_ref::<&str>(),
            Some(&"wasm-views: LiveVec range out of bounds")
        );
    }
}
