//! Dense tensors as the reference writes them: nested JSON lists of numbers.
//!
//! The engine keeps data in `ndarray` arrays; on the wire (oracle cases,
//! share links, saved scenes) a tensor is a nested list, exactly as
//! `tensor.tolist()` or `ndarray.tolist()` prints it. Decoding checks that
//! the nesting is rectangular and non-empty instead of trusting it.

use ndarray::{Array2, Array4};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Serde for `Array4<f64>` as `[N][C][H][W]` nested lists.
pub mod nested4 {
    use super::*;

    pub fn serialize<S: Serializer>(a: &Array4<f64>, s: S) -> Result<S::Ok, S::Error> {
        to_nested4(a).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Array4<f64>, D::Error> {
        let v: Vec<Vec<Vec<Vec<f64>>>> = Vec::deserialize(d)?;
        from_nested4(v).map_err(D::Error::custom)
    }
}

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
