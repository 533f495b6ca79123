//! Byte classes of eight bytes at once, in a `u64` (SIMD within a
//! register): the high bit of each byte says whether that byte is of the
//! class. Used by the tokenizer's common case, a word of plain ASCII
//! letters, digits and `_`, so that finding its end costs no branch per
//! byte.

/// The high bit of every byte.
pub(super) const HIGH: u64 = 0x8080_8080_8080_8080;

/// `c` in every byte.
const fn splat(c: u8) -> u64 {
    0x0101_0101_0101_0101 * c as u64
}

/// For each byte of `y` (its high bit set, its low seven bits `v`), the
/// high bit set when `v >= c` (`c` at most 0x80): the subtraction never
/// borrows across bytes.
#[inline]
fn at_least(y: u64, c: u8) -> u64 {
    y.wrapping_sub(splat(c)) & HIGH
}

/// The bytes of `x` that are part of an ASCII word (a letter, a digit or
/// `_`), and those that are a letter or a digit, as high bits.
#[inline]
pub(super) fn classes(x: u64) -> (u64, u64) {
    let ascii = !x & HIGH;
    let y = x | HIGH;
    let range = |lo: u8, hi: u8| at_least(y, lo) & !at_least(y, hi + 1);
    let alnum = (range(b'0', b'9') | range(b'A', b'Z') | range(b'a', b'z')) & ascii;
    let word = alnum | (range(b'_', b'_') & ascii);
    (word, alnum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_is_classed_as_the_table_classes_it() {
        for b in 0..=255u8 {
            for at in 0..8 {
                // The byte among others of every kind, at each place.
                let mut bytes = *b"a_ 9\xff.Z\n";
                bytes[at] = b;
                let (word, alnum) = classes(u64::from_le_bytes(bytes));
                for (i, &c) in bytes.iter().enumerate() {
                    let bit = 1u64 << (8 * i + 7);
                    assert_eq!(
                        word & bit != 0,
                        c.is_ascii_alphanumeric() || c == b'_',
                        "{c:#x}"
                    );
                    assert_eq!(alnum & bit != 0, c.is_ascii_alphanumeric(), "{c:#x}");
                }
            }
        }
    }
}
