//! What a file really is when it is not the text it was picked as: a
//! spreadsheet renamed `.csv`, a ZIP renamed `.json`, a PDF. Telling the
//! user "this is a ZIP archive" beats "not JSON at line 1, column 3".

/// A kind of file that is never a bundle, a CSV or a vCard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binary {
    /// A ZIP archive; also what .xlsx, .docx and .odt files are.
    Zip,
    /// An old Excel or Word file (.xls, .doc).
    OfficeLegacy,
    Pdf,
    Image,
    Gzip,
}

/// What the first bytes of `bytes` say, if they name a binary format.
pub fn binary(bytes: &[u8]) -> Option<Binary> {
    const SIGNATURES: [(&[u8], Binary); 9] = [
        (b"PK\x03\x04", Binary::Zip),
        (b"PK\x05\x06", Binary::Zip),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", Binary::OfficeLegacy),
        (b"%PDF", Binary::Pdf),
        (b"\x89PNG", Binary::Image),
        (b"\xFF\xD8\xFF", Binary::Image),
        (b"GIF8", Binary::Image),
        (b"RIFF", Binary::Image),
        (b"\x1F\x8B", Binary::Gzip),
    ];
    SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic)).map(|&(_, b)| b)
}

/// UTF-16 text with its byte-order mark (Excel's "Unicode text" and some
/// address books write it), as a string; `None` when it has no such mark.
/// Unpaired surrogates read as U+FFFD.
pub fn utf16(bytes: &[u8]) -> Option<String> {
    let (body, little) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (rest, true),
        [0xFE, 0xFF, rest @ ..] => (rest, false),
        _ => return None,
    };
    let units = body.chunks_exact(2).map(|p| if little { u16::from_le_bytes([p[0], p[1]]) } else { u16::from_be_bytes([p[0], p[1]]) });
    Some(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect())
}

/// The line (1-based) of the byte at `at`.
pub fn line_of(bytes: &[u8], at: usize) -> usize {
    memchr::memchr_iter(b'\n', &bytes[..at.min(bytes.len())]).count() + 1
}
