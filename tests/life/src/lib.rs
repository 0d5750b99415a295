//! The Rust and WebAssembly book's Game of Life, as a user ports it to wasm-views.
//!
//! The book keeps the cells in a `Vec<Cell>` and hands JavaScript `cells.as_ptr()`, from
//! which JS builds `new Uint8Array(memory.buffer, ptr, width * height)`: a view that goes
//! stale when memory grows or when `tick` replaces the vector. With the `views` feature
//! the cells are a `LiveVec<Cell>` and JS gets a handle: `heap.view(universe.cells())`
//! stays right across both. What changed from the book, and nothing else:
//! - `Cell` derives bytemuck's `NoUninit` + `CheckedBitPattern` and says
//!   `impl Element for Cell { type Repr = u8 }`: JavaScript sees a `Uint8Array`;
//! - `cells: LiveVec<Cell>`, built with `.collect()` as before;
//! - `tick` and the setters give the `LiveVec` its new generation with
//!   `LiveVec::replace` (assigning a new `LiveVec` would release the handle JS holds);
//! - `cells()` returns the handle, typed for TypeScript as `WasmViewsHandle<'u8'>`;
//! - `Display` and `get_cells` read the cells by index or as a copy: a `LiveVec` of an enum
//!   lends no `&[Cell]`, because JavaScript may have written bytes that are no `Cell`, so
//!   each element is checked as it is read.

use std::fmt;
use wasm_bindgen::prelude::*;
#[cfg(feature = "views")]
use wasm_views::{Handle, LiveVec};

/// One cell of the universe. `#[repr(u8)]`: JavaScript sees a cell as one byte.
#[wasm_bindgen]
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "views",
    derive(bytemuck::NoUninit, bytemuck::CheckedBitPattern)
)]
pub enum Cell {
    /// A dead cell.
    Dead = 0,
    /// A live cell.
    Alive = 1,
}

#[cfg(feature = "views")]
impl wasm_views::Element for Cell {
    type Repr = u8;
}

impl Cell {
    fn toggle(&mut self) {
        *self = match *self {
            Cell::Dead => Cell::Alive,
            Cell::Alive => Cell::Dead,
        };
    }
}

#[cfg(feature = "views")]
type Cells = LiveVec<Cell>;
#[cfg(not(feature = "views"))]
type Cells = Vec<Cell>;

/// The universe: a torus of `width × height` cells.
#[wasm_bindgen]
pub struct Universe {
    width: u32,
    height: u32,
    cells: Cells,
}

impl Universe {
    fn get_index(&self, row: u32, column: u32) -> usize {
        (row * self.width + column) as usize
    }

    fn live_neighbor_count(&self, row: u32, column: u32) -> u8 {
        let mut count = 0;
        for delta_row in [self.height - 1, 0, 1] {
            for delta_col in [self.width - 1, 0, 1] {
                if delta_row == 0 && delta_col == 0 {
                    continue;
                }
                let neighbor_row = (row + delta_row) % self.height;
                let neighbor_col = (column + delta_col) % self.width;
                let idx = self.get_index(neighbor_row, neighbor_col);
                count += self.cells[idx] as u8;
            }
        }
        count
    }

    /// Gives the universe new cells. With `views` the `LiveVec` keeps its handle, so the
    /// views JavaScript holds follow; the book assigned `self.cells = cells`.
    fn set_all(&mut self, cells: Vec<Cell>) {
        #[cfg(feature = "views")]
        self.cells.replace(cells);
        #[cfg(not(feature = "views"))]
        {
            self.cells = cells;
        }
    }

    /// A copy of the whole universe's cells (the book's helper for Rust tests; it returned
    /// `&[Cell]`, which a `LiveVec` of an enum does not lend, since JavaScript may have
    /// written bytes that are no `Cell`: its elements are checked as they are read).
    pub fn get_cells(&self) -> Vec<Cell> {
        self.cells.to_vec()
    }

    /// Sets the cells at `(row, column)` alive (the book's helper for Rust tests).
    pub fn set_cells(&mut self, cells: &[(u32, u32)]) {
        for &(row, col) in cells {
            let idx = self.get_index(row, col);
            self.cells[idx] = Cell::Alive;
        }
    }
}

#[wasm_bindgen]
impl Universe {
    /// One generation: every cell follows Conway's rules, into a new buffer.
    pub fn tick(&mut self) {
        let mut next = self.cells.to_vec();
        for row in 0..self.height {
            for col in 0..self.width {
                let idx = self.get_index(row, col);
                let cell = self.cells[idx];
                let live_neighbors = self.live_neighbor_count(row, col);
                next[idx] = match (cell, live_neighbors) {
                    (Cell::Alive, x) if x < 2 => Cell::Dead,
                    (Cell::Alive, 2) | (Cell::Alive, 3) => Cell::Alive,
                    (Cell::Alive, x) if x > 3 => Cell::Dead,
                    (Cell::Dead, 3) => Cell::Alive,
                    (otherwise, _) => otherwise,
                };
            }
        }
        self.set_all(next);
    }

    /// The book's starting pattern on a 64 × 64 universe.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Universe {
        let width = 64;
        let height = 64;
        let cells = (0..width * height)
            .map(|i| {
                if i % 2 == 0 || i % 7 == 0 {
                    Cell::Alive
                } else {
                    Cell::Dead
                }
            })
            .collect();
        Universe {
            width,
            height,
            cells,
        }
    }

    /// The universe as text: `◼` for a live cell, `◻` for a dead one, a line per row.
    pub fn render(&self) -> String {
        self.to_string()
    }

    /// The width in cells.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// The height in cells.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The cells' handle: `heap.view(universe.cells())` is a `LiveView<'u8'>` with no
    /// kind argument, and stays right when memory grows or `tick` replaces the cells.
    #[cfg(feature = "views")]
    #[wasm_bindgen(unchecked_return_type = "WasmViewsHandle<'u8'>")]
    pub fn cells(&self) -> Handle {
        self.cells.handle()
    }

    /// The book's pointer to the cells (valid until memory grows or the next `tick`).
    #[cfg(not(feature = "views"))]
    pub fn cells(&self) -> *const Cell {
        self.cells.as_ptr()
    }

    /// Sets the width and kills every cell.
    pub fn set_width(&mut self, width: u32) {
        self.width = width;
        self.set_all((0..width * self.height).map(|_i| Cell::Dead).collect());
    }

    /// Sets the height and kills every cell.
    pub fn set_height(&mut self, height: u32) {
        self.height = height;
        self.set_all((0..self.width * height).map(|_i| Cell::Dead).collect());
    }

    /// Flips the cell at `(row, column)`.
    pub fn toggle_cell(&mut self, row: u32, column: u32) {
        let idx = self.get_index(row, column);
        self.cells[idx].toggle();
    }
}

impl fmt::Display for Universe {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for row in 0..self.height {
            for col in 0..self.width {
                let cell = self.cells[self.get_index(row, col)];
                let symbol = if cell == Cell::Dead { '◻' } else { '◼' };
                write!(f, "{}", symbol)?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}
