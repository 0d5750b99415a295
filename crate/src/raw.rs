//! Raw registration: describing memory that something else owns (a static, an arena, a
//! buffer inside another data structure).

use crate::error::Result;
use crate::growth::observe_growth;
use crate::handle::Handle;
use crate::kind::{kind_of, Element};
use crate::table::{Owner, TABLE};

/// Registers `len` elements at `ptr` and returns their handle (owner `raw`).
///
/// # Safety
/// Until [`release_raw`] is called for the handle (or [`update_raw`] points it elsewhere), the
/// memory must stay allocated and valid for reads and writes of `len` elements of `T`:
/// JavaScript may read and write it through views at any time Rust is not running. Rust code
/// must not hold a reference to it across calls into JavaScript that may write it, and for a
/// `T` with invalid bit patterns (an enum) must check what it reads (JavaScript can write any
/// bytes; `bytemuck::checked` does it).
pub unsafe fn register_raw<T: Element>(ptr: *mut T, len: usize) -> Result<Handle> {
    observe_growth();
    TABLE.register(kind_of::<T>(), Owner::Raw, ptr as usize, len, len)
}

/// Points a raw registration at new memory (bumping its version if anything changed).
///
/// Errors: `StaleHandle`, `WrongOwner` (not a raw registration), `KindMismatch` (`T` is not
/// the registered kind).
///
/// # Safety
/// As for [`register_raw`], for the new `ptr` and `len`.
pub unsafe fn update_raw<T: Element>(handle: Handle, ptr: *mut T, len: usize) -> Result<()> {
    observe_growth();
    TABLE.with_slot(handle, |slot| {
        slot.require(Owner::Raw)?;
        slot.require_kind(kind_of::<T>())?;
        slot.set(ptr as usize, len, len)
    })
}

/// Ends a raw registration: its handle goes stale and JavaScript stops seeing the memory.
///
/// Safe: it only removes a description; the memory itself is not touched.
/// Errors: `StaleHandle`, `WrongOwner` (not a raw registration).
pub fn release_raw(handle: Handle) -> Result<()> {
    TABLE.release(handle, Owner::Raw).map(drop)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::kind::Kind;

    #[test]
    fn register_update_release() {
        let mut a = [1u16; 4];
        let mut b = [2u16; 8];
        // SAFETY: both arrays outlive the registration, released below.
        let h = unsafe { register_raw(a.as_mut_ptr(), a.len()) }.unwrap();
        assert_eq!(TABLE.snapshot(h).unwrap().len, 4);
        // SAFETY: as above.
        unsafe { update_raw(h, b.as_mut_ptr(), b.len()) }.unwrap();
        let s = TABLE.snapshot(h).unwrap();
        assert_eq!((s.ptr, s.len, s.kind), (b.as_ptr() as usize, 8, Kind::U16));
        // SAFETY: never reached memory-wise: the kind check fails first.
        let wrong = unsafe { update_raw(h, b.as_mut_ptr() as *mut i16, 8) };
        assert_eq!(
            wrong,
            Err(Error::KindMismatch {
                expected: Kind::I16,
                found: Kind::U16
            })
        );
        release_raw(h).unwrap();
        assert_eq!(
            release_raw(h),
            Err(Error::StaleHandle {
                handle: h,
                released_by: Some(crate::Owner::Raw)
            })
        );
    }
}
