//! The crate's one error type, its status code at the boundary, and how it becomes a
//! JavaScript exception for Rust code that hands it to JavaScript.
//!
//! Every variant holds only numbers and `Copy` enums: building an error never allocates and
//! never formats, so the `wasmViews...` exports (which return [`Error::status`]) link no
//! formatting code at all. `Display` and `From<Error> for JsValue` are linked only into modules
//! whose Rust code uses them.

use crate::handle::Handle;
use crate::kind::Kind;
use crate::layout::*;
use crate::table::Owner;
use wasm_bindgen::JsValue;

/// Everything that can go wrong in this crate.
///
/// Converted to JavaScript (`From<Error> for JsValue`), each variant is an exception the
/// TypeScript facade recognises by its `name`; see [`Error::js_name`]. At the wasm boundary
/// each variant is a status code instead; see [`Error::status`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The handle is not live: never issued, freed, or its slot was reused (`StaleHandleError`).
    StaleHandle {
        /// The handle that was used.
        handle: Handle,
        /// Who released its buffer, where the table still knows (the slot has not been reused
        /// since): a Rust owner (a [`LiveVec`](crate::LiveVec) dropped or replaced), JavaScript
        /// (freed), or the end of a raw registration.
        released_by: Option<Owner>,
    },
    /// The buffer holds another kind than the one asked for (`KindMismatchError`).
    KindMismatch {
        /// The kind the caller asked for.
        expected: Kind,
        /// The kind the buffer holds.
        found: Kind,
    },
    /// The allocator (or the descriptor table) could not provide the memory (`OutOfMemoryError`).
    OutOfMemory {
        /// The size of the request that failed.
        bytes: u64,
    },
    /// `len` elements of `kind` need more than the 4 GiB a 32-bit memory holds, or more
    /// elements than the descriptor's `u32` length field counts (`RangeError`).
    TooLarge {
        /// The length asked for, in elements.
        len: u64,
        /// The element kind.
        kind: Kind,
    },
    /// No kind has this code (`TypeError`).
    UnknownKind(u32),
    /// The operation needs another owner: e.g. freeing a Rust-owned buffer from JavaScript, or
    /// borrowing a `LiveVec`'s data as if it were JS-owned (`TypeError`).
    WrongOwner {
        /// The handle that was used.
        handle: Handle,
        /// The owner the operation needs.
        expected: Owner,
        /// The owner the buffer has.
        found: Owner,
    },
    /// The buffer is borrowed by Rust code right now (a [`borrow`](crate::borrow) guard is alive),
    /// so it cannot be freed, resized or borrowed mutably (`BorrowError`).
    Borrowed(Handle),
}

/// The crate's result type.
pub(crate) type Result<T> = core::result::Result<T, Error>;

impl Error {
    /// The JavaScript `name` this error has once thrown: `StaleHandleError`,
    /// `KindMismatchError`, `OutOfMemoryError`, `BorrowError`, `RangeError` or `TypeError`.
    pub fn js_name(&self) -> &'static str {
        match self {
            Error::StaleHandle { .. } => "StaleHandleError",
            Error::KindMismatch { .. } => "KindMismatchError",
            Error::OutOfMemory { .. } => "OutOfMemoryError",
            Error::TooLarge { .. } => "RangeError",
            Error::UnknownKind(_) | Error::WrongOwner { .. } => "TypeError",
            Error::Borrowed(_) => "BorrowError",
        }
    }

    /// The status code a `wasmViews...` export returns for this error
    /// ([`layout::STATUS_STALE_HANDLE`](crate::layout::STATUS_STALE_HANDLE), ...).
    pub const fn status(&self) -> u32 {
        match self {
            Error::StaleHandle { .. } => STATUS_STALE_HANDLE,
            Error::KindMismatch { .. } => STATUS_KIND_MISMATCH,
            Error::OutOfMemory { .. } => STATUS_OUT_OF_MEMORY,
            Error::TooLarge { .. } => STATUS_TOO_LARGE,
            Error::UnknownKind(_) => STATUS_UNKNOWN_KIND,
            Error::WrongOwner { .. } => STATUS_WRONG_OWNER,
            Error::Borrowed(_) => STATUS_BORROWED,
        }
    }

    /// The handle, if this is [`Error::StaleHandle`].
    pub const fn stale_handle(&self) -> Option<Handle> {
        match self {
            Error::StaleHandle { handle, .. } => Some(*handle),
            _ => None,
        }
    }
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match *self {
            Error::StaleHandle {
                handle,
                released_by,
            } => {
                let (h, slot, generation) = (handle.get(), handle.slot(), handle.generation());
                write!(
                    f,
                    "handle {h} (slot {slot}, generation {generation}) is not live: "
                )?;
                f.write_str(match released_by {
                    Some(Owner::Rust) => {
                        "its Rust owner (a LiveVec) was dropped or replaced; to give a LiveVec \
                         new contents under the same handle, use `LiveVec::replace(vec)`"
                    }
                    Some(Owner::Js) => "the buffer was freed",
                    Some(Owner::Raw) => "its raw registration was released",
                    None => "it was released or never issued",
                })
            }
            Error::KindMismatch { expected, found } => {
                write!(f, "buffer holds {found} elements, not {expected}")
            }
            Error::OutOfMemory { bytes } => write!(f, "out of memory allocating {bytes} bytes"),
            Error::TooLarge { len, kind } => {
                write!(f, "{len} {kind} elements need ")?;
                // Overflows only on a 64-bit host, never in wasm32 (len < 2^32).
                match len.checked_mul(kind.bytes() as u64) {
                    Some(bytes) => write!(f, "{bytes} bytes")?,
                    None => f.write_str("more than 2^64 bytes")?,
                }
                f.write_str(", more than a 32-bit memory (or the descriptor's u32 length) holds")
            }
            Error::UnknownKind(code) => write!(f, "unknown kind code {code}"),
            Error::WrongOwner {
                handle,
                expected,
                found,
            } => write!(
                f,
                "handle {} is {}-owned; this operation needs a {}-owned buffer",
                handle.get(),
                found.name(),
                expected.name()
            ),
            Error::Borrowed(h) => {
                write!(f, "handle {} is borrowed by Rust code right now", h.get())
            }
        }
    }
}

impl std::error::Error for Error {}

impl From<Error> for JsValue {
    /// A real JavaScript exception: a `RangeError`/`TypeError` object for argument errors,
    /// otherwise an `Error` whose `name` is [`Error::js_name`].
    ///
    /// Allocates nothing in linear memory: the error may be that the allocator has nothing
    /// left, and formatting into a `String` would then abort the module instead of reporting
    /// `OutOfMemoryError` (tests/reliability/limits.mjs, memory exhaustion).
    fn from(error: Error) -> JsValue {
        let mut message = StackMessage::new();
        // `StackMessage` never fails: it truncates.
        let _ = core::fmt::Write::write_fmt(&mut message, format_args!("{error}"));
        let message = message.as_str();
        match error {
            Error::TooLarge { .. } => js_sys::RangeError::new(message).into(),
            Error::UnknownKind(_) | Error::WrongOwner { .. } => {
                js_sys::TypeError::new(message).into()
            }
            _ => {
                let js = js_sys::Error::new(message);
                js.set_name(error.js_name());
                js.into()
            }
        }
    }
}

/// An error message formatted into a buffer on the stack, truncated at a character boundary
/// if it does not fit.
struct StackMessage {
    bytes: [u8; 256],
    len: usize,
}

impl StackMessage {
    fn new() -> Self {
        StackMessage {
            bytes: [0; 256],
            len: 0,
        }
    }

    fn as_str(&self) -> &str {
        // Only whole `str`s and prefixes cut at character boundaries were copied in.
        core::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl core::fmt::Write for StackMessage {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let mut take = s.len().min(self.bytes.len() - self.len);
        while !s.is_char_boundary(take) {
            take -= 1;
        }
        self.bytes[self.len..self.len + take].copy_from_slice(&s.as_bytes()[..take]);
        self.len += take;
        Ok(())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use core::fmt::Write;

    #[test]
    fn stack_message_truncates_at_a_character_boundary() {
        let mut m = StackMessage::new();
        write!(m, "{}", "é".repeat(200)).unwrap();
        assert_eq!(m.as_str(), "é".repeat(128));
        let mut m = StackMessage::new();
        write!(m, "{}", Error::OutOfMemory { bytes: 12 }).unwrap();
        assert_eq!(m.as_str(), "out of memory allocating 12 bytes");
    }

    #[test]
    fn messages_name_the_facts() {
        let h = Handle::from_raw((3 << 20) | 5);
        let replaced = Error::StaleHandle {
            handle: h,
            released_by: Some(Owner::Rust),
        };
        let text = replaced.to_string();
        assert!(text.contains("slot 5, generation 3"), "{text}");
        assert!(text.contains("dropped or replaced"), "{text}");
        assert!(text.contains("LiveVec::replace"), "{text}");
        let freed = Error::StaleHandle {
            handle: h,
            released_by: Some(Owner::Js),
        };
        assert!(freed.to_string().ends_with("the buffer was freed"));
        let big = Error::TooLarge {
            len: 1 << 29,
            kind: Kind::F64,
        };
        assert!(big
            .to_string()
            .starts_with("536870912 f64 elements need 4294967296 bytes"));
        let wrong = Error::WrongOwner {
            handle: h,
            expected: Owner::Js,
            found: Owner::Rust,
        };
        assert!(wrong
            .to_string()
            .contains("is rust-owned; this operation needs a js-owned"));
    }

    #[test]
    fn every_variant_has_its_own_status() {
        let h = Handle::from_raw(1 << 20);
        let all = [
            Error::StaleHandle {
                handle: h,
                released_by: None,
            },
            Error::KindMismatch {
                expected: Kind::U8,
                found: Kind::F32,
            },
            Error::OutOfMemory { bytes: 1 },
            Error::TooLarge {
                len: 1,
                kind: Kind::U8,
            },
            Error::UnknownKind(99),
            Error::WrongOwner {
                handle: h,
                expected: Owner::Js,
                found: Owner::Raw,
            },
            Error::Borrowed(h),
        ];
        let codes: Vec<u32> = all.iter().map(Error::status).collect();
        assert_eq!(codes, [1, 2, 3, 4, 5, 6, 7]);
        assert!(codes.iter().all(|&c| c != STATUS_OK && c < 1 << SLOT_BITS));
        // The names the facade and `From<Error> for JsValue` give the exceptions.
        let names: Vec<&str> = all.iter().map(Error::js_name).collect();
        assert_eq!(
            names,
            [
                "StaleHandleError",
                "KindMismatchError",
                "OutOfMemoryError",
                "RangeError",
                "TypeError",
                "TypeError",
                "BorrowError"
            ]
        );
        let stale: Vec<Option<Handle>> = all.iter().map(Error::stale_handle).collect();
        assert_eq!(stale, [Some(h), None, None, None, None, None, None]);
    }

    #[test]
    fn stack_message_backs_off_to_a_character_boundary() {
        // After the "a", 255 bytes are left: the 128th "é" would straddle the end, so it is
        // left out whole.
        let mut m = StackMessage::new();
        write!(m, "a{}", "é".repeat(200)).unwrap();
        assert_eq!(m.as_str(), format!("a{}", "é".repeat(127)));
        // One byte left: a later write fills it and stops there.
        write!(m, "bc").unwrap();
        assert_eq!(m.as_str(), format!("a{}b", "é".repeat(127)));
    }
}
