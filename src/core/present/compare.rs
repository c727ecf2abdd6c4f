//! The compare view's arithmetic: the same scene framed both ways, and which
//! output values differ.

use ndarray::Array4;

/// Whether two output values differ beyond rounding (the compare view marks
/// such cells): relative 1e-12, so a flip that only reorders a sum is not a
/// difference.
pub fn values_differ(a: f64, b: f64) -> bool {
    (a - b).abs() > 1e-12 * (1.0 + a.abs())
}

/// How many values of two same-shaped outputs differ, or `None` when the
/// shapes differ.
pub fn count_differences(a: &Array4<f64>, b: &Array4<f64>) -> Option<usize> {
    (a.dim() == b.dim()).then(|| {
        a.iter()
            .zip(b.iter())
            .filter(|(x, y)| values_differ(**x, **y))
            .count()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_not_a_difference() {
        assert!(!values_differ(0.1 + 0.2, 0.3));
        assert!(values_differ(9.0, -9.0));
        let a = Array4::from_shape_vec((1, 1, 1, 3), vec![1.0, 2.0, 3.0]).unwrap();
        let b = Array4::from_shape_vec((1, 1, 1, 3), vec![1.0, -2.0, 3.0]).unwrap();
        assert_eq!(count_differences(&a, &b), Some(1));
        let c = Array4::zeros((1, 1, 3, 1));
        assert_eq!(count_differences(&a, &c), None);
    }
}
