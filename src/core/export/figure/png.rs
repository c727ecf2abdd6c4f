//! A plane too large for cells goes into the figure as a picture: RGBA
//! pixels as a PNG (stored, not compressed: no compression library, and a
//! 128x128 plane is 64 KB), in a `data:` URL.

use crate::core::model::base64::encode_base64url;

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in bytes {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// `w x h` RGBA pixels (row-major, 4 bytes each) as a PNG file; `None`
/// when `rgba` is not that size.
pub fn png(w: usize, h: usize, rgba: &[u8]) -> Option<Vec<u8>> {
    if rgba.len() != w * h * 4 || w == 0 || h == 0 {
        return None;
    }
    // Each row starts with filter type 0 (none).
    let mut raw = Vec::with_capacity(h * (w * 4 + 1));
    for row in rgba.chunks(w * 4) {
        raw.push(0);
        raw.extend_from_slice(row);
    }
    // zlib: header, stored deflate blocks of at most 65535 bytes, Adler-32.
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65535).collect();
    for (k, b) in blocks.iter().enumerate() {
        z.push(u8::from(k + 1 == blocks.len()));
        let len = b.len() as u16;
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&(!len).to_le_bytes());
        z.extend_from_slice(b);
    }
    z.extend_from_slice(&adler32(&raw).to_be_bytes());
    let mut out = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&(w as u32).to_be_bytes());
    ihdr.extend_from_slice(&(h as u32).to_be_bytes());
    // 8 bits per channel, colour type 6 (RGBA), deflate, no filter choice, no interlace.
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    Some(out)
}

/// `bytes` as standard base64 with padding, as a `data:` URL needs.
pub fn base64(bytes: &[u8]) -> String {
    let mut s: String = encode_base64url(bytes)
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    while s.len() % 4 != 0 {
        s.push('=');
    }
    s
}

/// A PNG of the pixels as a `data:` URL.
pub fn data_url(w: usize, h: usize, rgba: &[u8]) -> Option<String> {
    Some(format!(
        "data:image/png;base64,{}",
        base64(&png(w, h, rgba)?)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match_their_definitions() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
        assert_eq!(base64(b"any carnal pleas"), "YW55IGNhcm5hbCBwbGVhcw==");
        assert_eq!(base64(b"\xfb\xff"), "+/8=");
    }

    #[test]
    fn a_png_has_its_header_and_size() {
        let px = vec![255u8; 3 * 2 * 4];
        let p = png(3, 2, &px).expect("a png");
        assert_eq!(&p[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&p[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes([p[16], p[17], p[18], p[19]]), 3);
        assert_eq!(u32::from_be_bytes([p[20], p[21], p[22], p[23]]), 2);
        assert!(png(3, 3, &px).is_none());
    }
}
