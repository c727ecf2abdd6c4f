//! Dense tensors as the reference writes them: nested JSON lists of numbers.
//!
//! The engine keeps data in `ndarray` arrays; on the wire (oracle cases,
//! share links, saved scenes) a tensor is a nested list, exactly as
//! `tensor.tolist()` or `ndarray.tolist()` prints it. Decoding checks that
//! the nesting is rectangular and non-empty instead of trusting it.

use ndarray::{Array2, Array4};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Serde for `Array4<f64>` as `[N][C][H][W]` nested lists, or, for a
/// picture, packed: `{"bytes": "<base64url>", "shape": [N, C, H, W]}`, each
/// value `byte / 255` as float32 (what `ToTensor` stores; see
/// [`crate::core::image`]). A tensor is written packed when it has at least
/// [`PACK_MIN`] values and every one of them is such a byte value.
pub mod nested4 {
    use super::*;
    use crate::core::image::decode::{byte_value, value_byte};
    use crate::core::model::base64::{decode_base64url, encode_base64url};
    use crate::core::model::limits::MAX_ELEMENTS;

    pub fn serialize<S: Serializer>(a: &Array4<f64>, s: S) -> Result<S::Ok, S::Error> {
        match packed_bytes(a) {
            Some(bytes) => {
                use serde::ser::SerializeStruct;
                let (n, c, h, w) = a.dim();
                let mut st = s.serialize_struct("Packed", 2)?;
                st.serialize_field("bytes", &encode_base64url(&bytes))?;
                st.serialize_field("shape", &[n, c, h, w])?;
                st.end()
            }
            None => to_nested4(a).serialize(s),
        }
    }

    /// The tensor's bytes, if it is written packed.
    pub fn packed_bytes(a: &Array4<f64>) -> Option<Vec<u8>> {
        if a.len() < PACK_MIN {
            return None;
        }
        a.iter().map(|&v| value_byte(v)).collect()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Array4<f64>, D::Error> {
        d.deserialize_any(Either)
    }

    /// Nested lists or the packed map, without buffering the input.
    struct Either;

    impl<'de> serde::de::Visitor<'de> for Either {
        type Value = Array4<f64>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a 4-D tensor as nested lists or as {\"bytes\", \"shape\"}")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut v: Vec<Vec<Vec<Vec<f64>>>> = Vec::new();
            while let Some(item) = seq.next_element()? {
                v.push(item);
            }
            from_nested4(v).map_err(A::Error::custom)
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut bytes: Option<String> = None;
            let mut shape: Option<Vec<usize>> = None;
            while let Some(key) = map.next_key::<String>()? {
                match key.as_str() {
                    "bytes" => bytes = Some(map.next_value()?),
                    "shape" => shape = Some(map.next_value()?),
                    other => {
                        return Err(A::Error::custom(format!(
                            "a packed tensor has only \"bytes\" and \"shape\", not {other:?}"
                        )))
                    }
                }
            }
            let bytes = bytes.ok_or_else(|| A::Error::custom("a packed tensor needs \"bytes\""))?;
            let shape = shape.ok_or_else(|| A::Error::custom("a packed tensor needs \"shape\""))?;
            from_packed(&bytes, &shape).map_err(A::Error::custom)
        }
    }

    /// A packed tensor, checked: four axes, none empty, within the size
    /// caps, and exactly one byte per element.
    pub fn from_packed(bytes: &str, shape: &[usize]) -> Result<Array4<f64>, String> {
        let &[n, c, h, w] = shape else {
            return Err(format!(
                "a packed tensor's shape has 4 axes, not {}",
                shape.len()
            ));
        };
        if n == 0 || c == 0 || h == 0 || w == 0 {
            return Err("a 4-D tensor must have at least one element along every axis".into());
        }
        let count = [n, c, h, w]
            .iter()
            .try_fold(1usize, |acc, &x| acc.checked_mul(x))
            .filter(|&k| k <= MAX_ELEMENTS)
            .ok_or_else(|| format!("a packed tensor of shape {shape:?} is larger than ConvLab reads ({MAX_ELEMENTS} values)"))?;
        // Decoding cannot be longer than the text: refuse before decoding a huge one.
        if bytes.len() > count.div_ceil(3) * 4 + 4 {
            return Err(format!(
                "a packed tensor of shape {shape:?} has more bytes than values"
            ));
        }
        let data = decode_base64url(bytes)
            .map_err(|e| format!("a packed tensor's bytes are damaged: {e}"))?;
        if data.len() != count {
            return Err(format!(
                "a packed tensor of shape {shape:?} needs {count} bytes, and has {}",
                data.len()
            ));
        }
        let values = data.into_iter().map(byte_value).collect();
        Array4::from_shape_vec((n, c, h, w), values).map_err(|e| e.to_string())
    }
}

/// Tensors with fewer values stay nested lists even when they are bytes,
/// so small lesson scenes read as plain numbers in links and files.
pub const PACK_MIN: usize = 256;

/// Serde for `Array2<f64>` as `[H][W]` nested lists.
pub mod nested2 {
    use super::*;

    pub fn serialize<S: Serializer>(a: &Array2<f64>, s: S) -> Result<S::Ok, S::Error> {
        to_nested2(a).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Array2<f64>, D::Error> {
        let v: Vec<Vec<f64>> = Vec::deserialize(d)?;
        from_nested2(v).map_err(D::Error::custom)
    }
}

pub fn to_nested2(a: &Array2<f64>) -> Vec<Vec<f64>> {
    a.outer_iter().map(|row| row.to_vec()).collect()
}

pub fn to_nested4(a: &Array4<f64>) -> Vec<Vec<Vec<Vec<f64>>>> {
    a.outer_iter()
        .map(|c| {
            c.outer_iter()
                .map(|h| h.outer_iter().map(|w| w.to_vec()).collect())
                .collect()
        })
        .collect()
}

pub fn from_nested2(v: Vec<Vec<f64>>) -> Result<Array2<f64>, String> {
    let h = v.len();
    let w = v.first().map_or(0, Vec::len);
    if h == 0 || w == 0 {
        return Err("an array must have at least one row and one column".into());
    }
    if let Some((i, row)) = v.iter().enumerate().find(|(_, r)| r.len() != w) {
        return Err(format!(
            "ragged array: row {i} has {} values but row 0 has {w}",
            row.len()
        ));
    }
    let flat: Vec<f64> = v.into_iter().flatten().collect();
    Array2::from_shape_vec((h, w), flat).map_err(|e| e.to_string())
}

pub fn from_nested4(v: Vec<Vec<Vec<Vec<f64>>>>) -> Result<Array4<f64>, String> {
    let n = v.len();
    let c = v.first().map_or(0, Vec::len);
    let h = v.first().and_then(|x| x.first()).map_or(0, Vec::len);
    let w = v
        .first()
        .and_then(|x| x.first())
        .and_then(|x| x.first())
        .map_or(0, Vec::len);
    if n == 0 || c == 0 || h == 0 || w == 0 {
        return Err("a 4-D tensor must have at least one element along every axis".into());
    }
    let mut flat = Vec::with_capacity(n * c * h * w);
    for (a, x) in v.into_iter().enumerate() {
        if x.len() != c {
            return Err(format!(
                "ragged tensor: item {a} has {} channels, expected {c}",
                x.len()
            ));
        }
        for (b, y) in x.into_iter().enumerate() {
            if y.len() != h {
                return Err(format!(
                    "ragged tensor at [{a}][{b}]: {} rows, expected {h}",
                    y.len()
                ));
            }
            for (r, z) in y.into_iter().enumerate() {
                if z.len() != w {
                    return Err(format!(
                        "ragged tensor at [{a}][{b}][{r}]: {} values, expected {w}",
                        z.len()
                    ));
                }
                flat.extend(z);
            }
        }
    }
    Array4::from_shape_vec((n, c, h, w), flat).map_err(|e| e.to_string())
}

/// Rotate the two spatial axes by 180 degrees (`torch.flip(w, [-2, -1])`).
pub fn rot180_4(a: &Array4<f64>) -> Array4<f64> {
    let mut out = a.clone();
    out.invert_axis(ndarray::Axis(2));
    out.invert_axis(ndarray::Axis(3));
    out.as_standard_layout().to_owned()
}

/// Rotate a 2-D array by 180 degrees (`np.flip(a)`).
pub fn rot180_2(a: &Array2<f64>) -> Array2<f64> {
    let mut out = a.clone();
    out.invert_axis(ndarray::Axis(0));
    out.invert_axis(ndarray::Axis(1));
    out.as_standard_layout().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::image::decode::byte_value;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct T {
        #[serde(with = "nested4")]
        t: Array4<f64>,
    }

    fn picture(n: usize, c: usize, h: usize, w: usize) -> Array4<f64> {
        Array4::from_shape_fn((n, c, h, w), |(a, b, i, j)| {
            byte_value(((a * 7 + b * 50 + i * 3 + j * 11) % 256) as u8)
        })
    }

    #[test]
    fn pictures_pack_and_come_back_bit_for_bit() {
        let t = T {
            t: picture(1, 3, 16, 20),
        };
        let json = serde_json::to_string(&t).unwrap();
        assert!(json.starts_with(r#"{"t":{"bytes":""#), "{}", &json[..40]);
        assert!(json.contains(r#""shape":[1,3,16,20]"#));
        let back: T = serde_json::from_str(&json).unwrap();
        assert!(back
            .t
            .iter()
            .zip(t.t.iter())
            .all(|(a, b)| a.to_bits() == b.to_bits()));
    }

    #[test]
    fn small_or_other_tensors_stay_nested_lists() {
        let small = T {
            t: picture(1, 1, 8, 8),
        };
        assert!(serde_json::to_string(&small)
            .unwrap()
            .starts_with(r#"{"t":[[[["#));
        let mut other = picture(1, 3, 16, 16);
        other[[0, 1, 2, 3]] = 0.5;
        let json = serde_json::to_string(&T { t: other.clone() }).unwrap();
        assert!(json.starts_with(r#"{"t":[[[["#));
        let back: T = serde_json::from_str(&json).unwrap();
        assert_eq!(back.t, other);
    }

    #[test]
    fn a_128_pixel_photo_fits_a_link() {
        let json = serde_json::to_string(&T {
            t: picture(1, 3, 128, 128),
        })
        .unwrap();
        assert!(json.len() < 70_000, "{} characters", json.len());
    }

    #[test]
    fn broken_packed_tensors_are_refused_with_a_reason() {
        let bad = |text: &str| serde_json::from_str::<T>(text).unwrap_err().to_string();
        assert!(
            bad(r#"{"t":{"bytes":"AAAA","shape":[1,1,2,2]}}"#).contains("needs 4 bytes, and has 3")
        );
        assert!(bad(r#"{"t":{"bytes":"AAAA","shape":[1,3]}}"#).contains("4 axes"));
        assert!(bad(r#"{"t":{"bytes":"AAAA","shape":[1,0,1,3]}}"#).contains("every axis"));
        assert!(bad(r#"{"t":{"bytes":"A","shape":[1,1,1,1]}}"#).contains("damaged"));
        assert!(bad(r#"{"t":{"bytes":"AA*A","shape":[1,1,1,3]}}"#).contains("damaged"));
        assert!(bad(r#"{"t":{"shape":[1,1,1,3]}}"#).contains("needs \"bytes\""));
        assert!(bad(r#"{"t":{"bytes":"AAAA","shape":[1,1,1,3],"x":1}}"#).contains("not \"x\""));
        assert!(
            bad(r#"{"t":{"bytes":"AAAA","shape":[100000,100000,100000,100000]}}"#)
                .contains("larger than")
        );
        assert!(
            bad(r#"{"t":{"bytes":"AAAAAAAAAAAAAAAA","shape":[1,1,1,3]}}"#)
                .contains("more bytes than values")
        );
    }
}
