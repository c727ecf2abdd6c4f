//! `torch.unsqueeze` and `torch.squeeze` on small tensors (lecture section 4).
//!
//! Neither moves a single number: the data stay in the same row-major
//! order and only the shape changes, which changes how they are nested.

use serde::{Deserialize, Serialize};

/// A small tensor of any rank, row-major.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DynTensor {
    pub shape: Vec<usize>,
    pub data: Vec<f64>,
}

/// PyTorch's refusal for an axis out of range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DimError {
    pub lo: i64,
    pub hi: i64,
    pub got: i64,
}

impl DimError {
    /// What PyTorch prints.
    pub fn reference_message(&self) -> String {
        format!(
            "Dimension out of range (expected to be in range of [{}, {}], but got {})",
            self.lo, self.hi, self.got
        )
    }
}

impl DynTensor {
    pub fn new(shape: Vec<usize>, data: Vec<f64>) -> Option<DynTensor> {
        (shape.iter().product::<usize>() == data.len()).then_some(DynTensor { shape, data })
    }

    /// `0, 1, 2, ...` in the given shape, like `torch.arange(n).reshape(shape)`.
    pub fn arange(shape: &[usize]) -> DynTensor {
        let len = shape.iter().product::<usize>();
        DynTensor {
            shape: shape.to_vec(),
            data: (0..len).map(|v| v as f64).collect(),
        }
    }

    /// Wrap a possibly negative axis into `0..len`, as PyTorch does.
    fn wrap(axis: i64, len: usize) -> Result<usize, DimError> {
        let n = len as i64;
        let (lo, hi) = (-n.max(1), n.max(1) - 1);
        if axis < lo || axis > hi {
            return Err(DimError { lo, hi, got: axis });
        }
        Ok(if axis < 0 { axis + n } else { axis } as usize)
    }

    /// `torch.unsqueeze(t, axis)`: a new axis of size 1 at `axis`
    /// (from `-rank-1` to `rank`).
    pub fn unsqueeze(&self, axis: i64) -> Result<DynTensor, DimError> {
        let a = DynTensor::wrap(axis, self.shape.len() + 1)?;
        let mut shape = self.shape.clone();
        shape.insert(a, 1);
        Ok(DynTensor {
            shape,
            data: self.data.clone(),
        })
    }

    /// `torch.squeeze(t, axis)`: drops `axis` if its size is 1, and
    /// otherwise returns the tensor unchanged, as PyTorch does.
    pub fn squeeze(&self, axis: i64) -> Result<DynTensor, DimError> {
        let a = DynTensor::wrap(axis, self.shape.len())?;
        let mut shape = self.shape.clone();
        if shape.get(a) == Some(&1) {
            shape.remove(a);
        }
        Ok(DynTensor {
            shape,
            data: self.data.clone(),
        })
    }

    /// The element at a multi-index.
    pub fn get(&self, index: &[usize]) -> Option<f64> {
        if index.len() != self.shape.len() {
            return None;
        }
        let mut flat = 0;
        for (i, n) in index.iter().zip(&self.shape) {
            if i >= n {
                return None;
            }
            flat = flat * n + i;
        }
        self.data.get(flat).copied()
    }

    /// The multi-index of the `flat`-th element.
    pub fn index_of(&self, mut flat: usize) -> Vec<usize> {
        let mut index = vec![0; self.shape.len()];
        for (slot, n) in index.iter_mut().zip(&self.shape).rev() {
            *slot = flat % n;
            flat /= n;
        }
        index
    }

    /// The nesting PyTorch prints, e.g. `[[1., 2., 3., 4.]]`.
    pub fn nested(&self) -> String {
        fn rec(shape: &[usize], data: &[f64]) -> String {
            match shape.split_first() {
                None => fmt_elem(data[0]),
                Some((n, rest)) => {
                    let step = rest.iter().product::<usize>();
                    let parts: Vec<String> = (0..*n)
                        .map(|k| rec(rest, &data[k * step..(k + 1) * step]))
                        .collect();
                    format!("[{}]", parts.join(", "))
                }
            }
        }
        rec(&self.shape, &self.data)
    }
}

fn fmt_elem(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v}.")
    } else {
        format!("{v}")
    }
}
