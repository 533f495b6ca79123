//! Reading one file safely: refusing non-regular files by type, bounding
//! every read by the size limit as it reads (never trusting the size the
//! file reports: `/dev/zero` and `/proc` files report 0), decompressing
//! gzip, decoding UTF-16 with a BOM, and masking HTML/XML markup.
//!
//! [`read_file`] does the I/O; [`read_bytes`] is the pure part (bytes in,
//! text or a reason to skip out), so it can be fuzzed without files.
//! Nothing here walks folders or knows about documents' positions.

use crate::corpus::{Decoding, LoadOptions, MAX_DOCUMENT_BYTES, SkipKind};
use std::fs::{File, FileType};
use std::io::Read;
use std::path::Path;

/// Why a file is skipped: the category and a few words for people.
pub type Skip = (SkipKind, String);

/// A file's text as refrain analyses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileText {
    /// The text (decoded and masked when `decoded`/`markup` say so).
    pub text: String,
    /// Decodings applied to the raw bytes, in order (offsets refer to the
    /// decoded text when this is not empty).
    pub decoded: Vec<Decoding>,
    /// HTML/XML markup, or a manual page's roff, was masked with spaces
    /// (offsets unchanged).
    pub markup: bool,
    /// The title read before masking, when masking hides it (a manual
    /// page's NAME line, see [`crate::title::roff`]).
    pub title: Option<String>,
}

/// The largest number of bytes any read may return under `opts`.
pub fn limit(opts: &LoadOptions) -> u64 {
    opts.max_file_bytes.min(MAX_DOCUMENT_BYTES)
}

fn too_large(size: Option<u64>, opts: &LoadOptions) -> Skip {
    let size = match size {
        Some(n) => format!("{n} bytes"),
        None => format!("more than {} bytes", limit(opts)),
    };
    let reason = if opts.max_file_bytes <= MAX_DOCUMENT_BYTES {
        format!(
            "too large ({size}; the limit is {} bytes, see --max-file-size)",
            opts.max_file_bytes
        )
    } else {
        format!("too large ({size}; refrain reads files of at most {MAX_DOCUMENT_BYTES} bytes)")
    };
    (SkipKind::TooLarge, reason)
}

/// The name of a file type that is not a regular file or a directory
/// ("FIFO", "socket", "character device", …).
pub fn special_name(ft: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "FIFO";
        }
        if ft.is_socket() {
            return "socket";
        }
        if ft.is_char_device() {
            return "character device";
        }
        if ft.is_block_device() {
            return "block device";
        }
    }
    let _ = ft;
    "special file"
}

/// The skip for a path whose `metadata` failed: a dangling symbolic link or
/// a symbolic link loop (both [`SkipKind::Special`]), else unreadable.
pub fn metadata_error(path: &Path, e: &std::io::Error) -> Skip {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return (SkipKind::Special, "symbolic link loop".into());
    }
    if is_link && e.kind() == std::io::ErrorKind::NotFound {
        return (SkipKind::Special, "dangling symbolic link".into());
    }
    (SkipKind::Unreadable, e.to_string())
}

/// Opens `path` only if it is a regular file (checked before opening, and
/// again on the open handle, which is opened non-blocking so a FIFO that
/// appears in between can never hang the open).
fn open_regular(path: &Path) -> Result<(File, std::fs::Metadata), Skip> {
    let meta = std::fs::metadata(path).map_err(|e| metadata_error(path, &e))?;
    let refuse = |ft: &FileType| {
        (
            SkipKind::Special,
            format!("not a regular file ({})", special_name(ft)),
        )
    };
    if !meta.is_file() {
        return Err(refuse(&meta.file_type()));
    }
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = open
        .open(path)
        .map_err(|e| (SkipKind::Unreadable, e.to_string()))?;
    let meta = file
        .metadata()
        .map_err(|e| (SkipKind::Unreadable, e.to_string()))?;
    if !meta.is_file() {
        return Err(refuse(&meta.file_type()));
    }
    Ok((file, meta))
}

/// Reads at most `limit` bytes from `r`; `Ok(None)` when there were more.
fn read_bounded(r: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    read_bounded_sized(r, limit, 0)
}

/// [`read_bounded`] into a buffer sized for the `expected` bytes the file
/// reports (so a document's text holds no spare capacity: a corpus read
/// with a growing buffer kept up to twice its size allocated).
fn read_bounded_sized(r: impl Read, limit: u64, expected: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::with_capacity(expected.min(limit) as usize);
    r.take(limit.saturating_add(1)).read_to_end(&mut buf)?;
    Ok((buf.len() as u64 <= limit).then_some(buf))
}

/// Reads the file at `path` as text under `opts` (see the module doc).
pub fn read_file(path: &Path, opts: &LoadOptions) -> Result<FileText, Skip> {
    read_file_stamped(path, opts).map(|(text, _)| text)
}

/// [`read_file`], with the file's stamp as the open file reported it just
/// before it was read (a change during the read makes the file look
/// changed next time, never the reverse): no second `stat` of the path.
pub fn read_file_stamped(
    path: &Path,
    opts: &LoadOptions,
) -> Result<(FileText, crate::corpus::FileStamp), Skip> {
    let (file, meta) = open_regular(path)?;
    let stamp = crate::corpus::FileStamp::of_metadata(&meta);
    let size = meta.len();
    if size > limit(opts) {
        return Err(too_large(Some(size), opts));
    }
    let bytes = read_bounded_sized(file, limit(opts), size)
        .map_err(|e| (SkipKind::Unreadable, e.to_string()))?
        .ok_or_else(|| too_large(None, opts))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    read_bytes(&name, bytes, opts).map(|text| (text, stamp))
}

/// A compressed format recognised by its magic bytes.
fn compressed_format(b: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 6] = [
        (b"\x1f\x8b", "gzip"),
        (b"\xfd7zXZ\0", "xz"),
        (b"\x28\xb5\x2f\xfd", "zstd"),
        (b"PK\x03\x04", "zip"),
        (b"7z\xbc\xaf\x27\x1c", "7z"),
        (b"BZh", "bzip2"),
    ];
    MAGIC.iter().find_map(|(m, name)| {
        let bz_ok = *name != "bzip2" || b.get(4..10) == Some(b"\x31\x41\x59\x26\x53\x59");
        (b.starts_with(m) && bz_ok).then_some(*name)
    })
}

/// Whether a file name (without a `.gz` suffix) names HTML or XML (SVG
/// included).
pub fn is_markup_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
    [".html", ".htm", ".xhtml", ".xml", ".svg"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The text of a file named `name` whose raw contents are `bytes`, or why it
/// is skipped. Pure: the same bytes always give the same answer.
pub fn read_bytes(name: &str, bytes: Vec<u8>, opts: &LoadOptions) -> Result<FileText, Skip> {
    if bytes.len() as u64 > limit(opts) {
        return Err(too_large(Some(bytes.len() as u64), opts));
    }
    let mut bytes = bytes;
    let mut decoded = Vec::new();
    if let Some(format) = compressed_format(&bytes) {
        if format != "gzip" || !opts.decompress {
            let why = if format == "gzip" {
                "compressed file (gzip; not decompressed with --no-decompress)".to_string()
            } else {
                format!("compressed file ({format})")
            };
            return Err((SkipKind::Compressed, why));
        }
        let inflated = read_bounded(flate2::read::MultiGzDecoder::new(&bytes[..]), limit(opts))
            .map_err(|e| {
                (
                    SkipKind::Compressed,
                    format!("compressed file (gzip) that could not be decompressed: {e}"),
                )
            })?
            .ok_or_else(|| too_large(None, opts))?;
        bytes = inflated;
        decoded.push(Decoding::Gzip);
    }
    let text = if let Some(big_endian) = utf16_bom(&bytes) {
        decoded.push(if big_endian {
            Decoding::Utf16Be
        } else {
            Decoding::Utf16Le
        });
        let text = decode_utf16(&bytes[2..], big_endian)?;
        if text.contains('\0') {
            return Err((
                SkipKind::Binary,
                "binary file (contains NUL characters)".into(),
            ));
        }
        text
    } else {
        // No NUL byte, so no NUL character: the text is not scanned again.
        if bytes.contains(&0) {
            return Err((SkipKind::Binary, "binary file (contains NUL bytes)".into()));
        }
        String::from_utf8(bytes).map_err(|e| {
            (
                SkipKind::NotUtf8,
                format!(
                    "not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            )
        })?
    };
    let html = opts.markup && is_markup_name(name);
    let roff =
        opts.markup && !html && crate::roff::is_roff_name(name) && crate::roff::is_roff(&text);
    let title = if roff {
        crate::title::roff::title(&text)
    } else {
        None
    };
    let text = if html {
        crate::markup::mask(&text)
    } else if roff {
        crate::roff::mask(&text)
    } else {
        text
    };
    Ok(FileText {
        text,
        decoded,
        markup: html || roff,
        title,
    })
}

/// `Some(big_endian)` when `b` starts with a UTF-16 byte order mark (and is
/// not UTF-32).
fn utf16_bom(b: &[u8]) -> Option<bool> {
    match b {
        [0xff, 0xfe, 0, 0, ..] => None,
        [0xff, 0xfe, ..] => Some(false),
        [0xfe, 0xff, ..] => Some(true),
        _ => None,
    }
}

fn decode_utf16(b: &[u8], big_endian: bool) -> Result<String, Skip> {
    let bad = |why: &str| (SkipKind::BadUtf16, format!("invalid UTF-16 text ({why})"));
    if b.len() % 2 == 1 {
        return Err(bad("odd number of bytes"));
    }
    let units = b.chunks_exact(2).map(|c| {
        if big_endian {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            u16::from_le_bytes([c[0], c[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|e| {
            bad(&format!(
                "unpaired surrogate {:#06x}",
                e.unpaired_surrogate()
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> LoadOptions {
        LoadOptions::default()
    }

    fn gzip(b: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn utf16_with_a_bom_is_decoded_either_way_round() {
        let text = "Caf\u{e9} “中文” 😀\nline two";
        let mut le = vec![0xff, 0xfe];
        let mut be = vec![0xfe, 0xff];
        for u in text.encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        let r = read_bytes("a.txt", le, &opts()).unwrap();
        assert_eq!(
            (r.text.as_str(), r.decoded.as_slice()),
            (text, &[Decoding::Utf16Le][..])
        );
        let r = read_bytes("a.txt", be, &opts()).unwrap();
        assert_eq!(
            (r.text.as_str(), r.decoded.as_slice()),
            (text, &[Decoding::Utf16Be][..])
        );
        let e = read_bytes("a.txt", vec![0xff, 0xfe, 0x00, 0xd8], &opts()).unwrap_err();
        assert_eq!(
            e,
            (
                SkipKind::BadUtf16,
                "invalid UTF-16 text (unpaired surrogate 0xd800)".into()
            )
        );
        // A NUL character decoded from UTF-16 makes it a binary file, as a
        // NUL byte does in UTF-8 (where the bytes alone are checked).
        let e = read_bytes("a.txt", vec![0xff, 0xfe, b'a', 0, 0, 0], &opts()).unwrap_err();
        assert_eq!(
            e,
            (
                SkipKind::Binary,
                "binary file (contains NUL characters)".into()
            )
        );
        let e = read_bytes("a.txt", b"a\0b".to_vec(), &opts()).unwrap_err();
        assert_eq!(
            e,
            (SkipKind::Binary, "binary file (contains NUL bytes)".into())
        );
    }

    #[test]
    fn gzip_is_decompressed_within_the_limit_and_can_be_turned_off() {
        let r = read_bytes("a.txt.gz", gzip(b"hello words"), &opts()).unwrap();
        assert_eq!(r.text, "hello words");
        assert_eq!(r.decoded, [Decoding::Gzip]);
        // A bomb: 10 kB of zeros... of 'a's compressed, limit 100 bytes.
        let small = LoadOptions {
            max_file_bytes: 100,
            ..opts()
        };
        let e = read_bytes("a.gz", gzip(&[b'a'; 10_000]), &small).unwrap_err();
        assert_eq!(e.0, SkipKind::TooLarge);
        assert_eq!(
            e.1,
            "too large (more than 100 bytes; the limit is 100 bytes, see --max-file-size)"
        );
        let off = LoadOptions {
            decompress: false,
            ..opts()
        };
        let e = read_bytes("a.gz", gzip(b"x"), &off).unwrap_err();
        assert_eq!(e.0, SkipKind::Compressed);
        let e = read_bytes("a.gz", b"\x1f\x8bnot really gzip".to_vec(), &opts()).unwrap_err();
        assert_eq!(e.0, SkipKind::Compressed);
        let e = read_bytes("a.xz", b"\xfd7zXZ\0rest".to_vec(), &opts()).unwrap_err();
        assert_eq!(e, (SkipKind::Compressed, "compressed file (xz)".into()));
    }

    #[test]
    fn markup_is_masked_by_extension_and_can_be_turned_off() {
        let html = b"<p>Some &amp; words</p>".to_vec();
        let r = read_bytes("page.HTML", html.clone(), &opts()).unwrap();
        assert!(r.markup);
        assert_eq!(r.text, "   Some       words    ");
        let r = read_bytes("page.txt", html.clone(), &opts()).unwrap();
        assert!(!r.markup);
        let off = LoadOptions {
            markup: false,
            ..opts()
        };
        let r = read_bytes("page.html", html.clone(), &off).unwrap();
        assert_eq!(r.text.as_bytes(), html);
        let r = read_bytes("page.xml.gz", gzip(&html), &opts()).unwrap();
        assert!(r.markup && r.decoded == [Decoding::Gzip]);
        // A manual page's roff source is masked too, its title kept.
        let page =
            b".\\\" generated\n.TH LS 1\n.SH NAME\nls \\- list directory contents\n".to_vec();
        let r = read_bytes("ls.1.gz", gzip(&page), &opts()).unwrap();
        assert!(r.markup);
        assert_eq!(
            r.text,
            "             \n        \n    NAME\nls  - list directory contents\n"
        );
        assert_eq!(r.title.as_deref(), Some("ls - list directory contents"));
        // Not by its name alone, nor by its text alone, nor with markup off.
        let r = read_bytes("ls.txt", page.clone(), &opts()).unwrap();
        assert!(!r.markup && r.title.is_none());
        let r = read_bytes("v1.2", b"Version 1.2 notes\n".to_vec(), &opts()).unwrap();
        assert!(!r.markup);
        let r = read_bytes("ls.1", page.clone(), &off).unwrap();
        assert_eq!((r.markup, r.text.as_bytes()), (false, page.as_slice()));
        // SVG is XML: its drawing instructions are not words, its labels are.
        let svg = br#"<svg><g id="node2"><title>table</title><text x="9">Stack</text></g></svg>"#;
        let r = read_bytes("trpl04-01.svg", svg.to_vec(), &opts()).unwrap();
        assert!(r.markup);
        assert_eq!(
            r.text.split_whitespace().collect::<Vec<_>>(),
            ["table", "Stack"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_by_type_and_never_read() {
        let e = read_file(Path::new("/dev/zero"), &opts()).unwrap_err();
        assert_eq!(
            e,
            (
                SkipKind::Special,
                "not a regular file (character device)".into()
            )
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_that_reports_size_zero_is_still_bounded_as_it_is_read() {
        // /proc files report a size of 0 but have contents.
        let small = LoadOptions {
            max_file_bytes: 10,
            ..opts()
        };
        let e = read_file(Path::new("/proc/self/status"), &small).unwrap_err();
        assert_eq!(
            e.1,
            "too large (more than 10 bytes; the limit is 10 bytes, see --max-file-size)"
        );
    }
}
