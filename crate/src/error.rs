//! The crate's one error type and how it becomes a JavaScript exception.

use crate::handle::Handle;
use crate::kind::Kind;
use wasm_bindgen::JsValue;

/// Everything that can go wrong in this crate.
///
/// Converted to JavaScript (`From<Error> for JsValue`), each variant is an exception the
/// TypeScript facade recognises by its `name`; see [`Error::js_name`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The handle is not live: never issued, freed, or its slot was reused (`StaleHandleError`).
    StaleHandle(Handle),
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
    /// A numeric argument is negative, NaN, fractional or out of range (`RangeError`).
    InvalidArgument(String),
    /// An unknown kind code (`TypeError`).
    UnknownKind(String),
    /// The operation needs another owner: e.g. freeing a Rust-owned buffer from JavaScript, or
    /// borrowing a `LiveVec`'s data as if it were JS-owned (`TypeError`).
    WrongOwner {
        /// The handle that was used.
        handle: Handle,
        /// The owner the operation needs.
        expected: &'static str,
        /// The owner the buffer has.
        found: &'static str,
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
            Error::StaleHandle(_) => "StaleHandleError",
            Error::KindMismatch { .. } => "KindMismatchError",
            Error::OutOfMemory { .. } => "OutOfMemoryError",
            Error::InvalidArgument(_) => "RangeError",
            Error::UnknownKind(_) | Error::WrongOwner { .. } => "TypeError",
            Error::Borrowed(_) => "BorrowError",
        }
    }
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Error::StaleHandle(h) => {
                write!(f, "handle {} is not live (freed or never issued)", h.get())
            }
            Error::KindMismatch { expected, found } => {
                write!(f, "buffer holds {found} elements, not {expected}")
            }
            Error::OutOfMemory { bytes } => write!(f, "out of memory allocating {bytes} bytes"),
            Error::InvalidArgument(msg) => f.write_str(msg),
            Error::UnknownKind(code) => write!(f, "unknown kind code {code}"),
            Error::WrongOwner {
                handle,
                expected,
                found,
            } => write!(
                f,
                "handle {} is {found}-owned; this operation needs a {expected}-owned buffer",
                handle.get()
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
            Error::InvalidArgument(_) => js_sys::RangeError::new(message).into(),
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
}
