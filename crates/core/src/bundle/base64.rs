//! Standard base64 (RFC 4648, with padding): how a bundle carries files.
//! Written here rather than taken from a crate: forty lines, and one less
//! dependency in the wasm.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn encode(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    let mut chunks = bytes.chunks_exact(3);
    for c in &mut chunks {
        let n = u32::from(c[0]) << 16 | u32::from(c[1]) << 8 | u32::from(c[2]);
        out.extend([18, 12, 6, 0].map(|s| ALPHABET[(n >> s & 63) as usize]));
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend([ALPHABET[(n >> 18) as usize], ALPHABET[(n >> 12 & 63) as usize], b'=', b'=']);
        }
        [a, b] => {
            let n = u32::from(a) << 16 | u32::from(b) << 8;
            out.extend([ALPHABET[(n >> 18) as usize], ALPHABET[(n >> 12 & 63) as usize], ALPHABET[(n >> 6 & 63) as usize], b'=']);
        }
        _ => {}
    }
    // Only alphabet bytes were written.
    String::from_utf8(out).unwrap_or_default()
}

fn value(b: u8) -> Option<u32> {
    Some(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    } as u32)
}

/// The bytes, or the position of the first character that is not base64
/// (a length that is not a multiple of four is refused at its end).
pub fn decode(text: &str) -> Result<Vec<u8>, usize> {
    let s = text.as_bytes();
    if !s.len().is_multiple_of(4) {
        return Err(s.len());
    }
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    for (i, quad) in s.chunks_exact(4).enumerate() {
        let at = i * 4;
        let last = at + 4 == s.len();
        let pad = if last { quad.iter().rev().take_while(|&&b| b == b'=').count() } else { 0 };
        if pad > 2 {
            return Err(at + 4 - pad);
        }
        let mut n = 0u32;
        for (j, &b) in quad[..4 - pad].iter().enumerate() {
            n = n << 6 | value(b).ok_or(at + j)?;
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Ok(out)
}
