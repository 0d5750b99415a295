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
