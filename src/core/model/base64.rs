//! base64url (RFC 4648, section 5) without padding: the encoding of share
//! links and of the byte tensors of a scene's JSON.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a text is not base64url.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base64Error {
    /// A character outside the alphabet, at this (0-based) position.
    BadCharacter { at: usize, ch: char },
    /// One character too many: no encoding has `4k + 1` characters.
    Truncated,
}

/// The same words as a share link's refusal (`LinkError`), which these become.
impl std::fmt::Display for Base64Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Base64Error::BadCharacter { at, ch } => {
                write!(f, "the link has a character that cannot be in it ({ch:?} at position {at}); was it cut or edited?")
            }
            Base64Error::Truncated => write!(
                f,
                "the link ends in the middle of a character; it looks cut short"
            ),
        }
    }
}

/// Encodes as base64url without padding.
pub fn encode_base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for k in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes unpadded base64url; refuses a character outside its alphabet
/// and a length no encoding has.
pub fn decode_base64url(text: &str) -> Result<Vec<u8>, Base64Error> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for (at, ch) in text.chars().enumerate() {
        let v = match ch {
            'A'..='Z' => ch as u32 - 'A' as u32,
            'a'..='z' => ch as u32 - 'a' as u32 + 26,
            '0'..='9' => ch as u32 - '0' as u32 + 52,
            '-' => 62,
            '_' => 63,
            _ => return Err(Base64Error::BadCharacter { at, ch }),
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // A single leftover character (6 bits) cannot end a valid encoding.
    if text.chars().count() % 4 == 1 {
        return Err(Base64Error::Truncated);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648, section 10, without the padding base64url links leave out.
    const VECTORS: [(&str, &str); 7] = [
        ("", ""),
        ("f", "Zg"),
        ("fo", "Zm8"),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg"),
        ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn rfc_4648_test_vectors() {
        for (plain, coded) in VECTORS {
            assert_eq!(
                encode_base64url(plain.as_bytes()),
                coded,
                "encode {plain:?}"
            );
            assert_eq!(
                decode_base64url(coded).unwrap(),
                plain.as_bytes(),
                "decode {coded:?}"
            );
        }
    }

    /// The two characters base64url changes (section 5): 62 is `-`, 63 is `_`
    /// (standard base64 would write `+` and `/`).
    #[test]
    fn the_url_safe_alphabet() {
        assert_eq!(encode_base64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode_base64url("-_8").unwrap(), [0xfb, 0xff]);
        assert_eq!(encode_base64url(&[0xff; 3]), "____");
        assert_eq!(
            decode_base64url("ab+c"),
            Err(Base64Error::BadCharacter { at: 2, ch: '+' })
        );
        assert_eq!(decode_base64url("Zm9vY"), Err(Base64Error::Truncated));
    }

    #[test]
    fn every_byte_string_round_trips() {
        let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for n in 0..bytes.len() {
            assert_eq!(
                decode_base64url(&encode_base64url(&bytes[..n])).unwrap(),
                &bytes[..n]
            );
        }
    }
}
