//! How the rules write their numbers: `·` for a product, `−` for minus,
//! shapes as PyTorch prints them, and floor and ceiling on whole numbers.

/// A number as a term: `(−3)` when negative.
pub fn term(v: i64) -> String {
    if v < 0 {
        format!("(\u{2212}{})", v.unsigned_abs())
    } else {
        v.to_string()
    }
}

/// A number on its own: `−3` when negative.
pub fn num(v: i64) -> String {
    if v < 0 {
        format!("\u{2212}{}", v.unsigned_abs())
    } else {
        v.to_string()
    }
}

/// `(1, 16, 15, 15)`.
pub fn tuple(v: &[i64]) -> String {
    let parts: Vec<String> = v.iter().map(|x| num(*x)).collect();
    format!("({})", parts.join(", "))
}

/// `a / b` rounded down (`b > 0`).
pub fn floor_div(a: i64, b: i64) -> i64 {
    a.div_euclid(b.max(1))
}

/// `a / b` rounded up (`b > 0`).
pub fn ceil_div(a: i64, b: i64) -> i64 {
    -(-a).div_euclid(b.max(1))
}

/// `rows 2, 3, 4` or `row 2`.
pub fn list(one: &str, many: &str, v: &[usize]) -> String {
    let parts: Vec<String> = v.iter().map(|x| x.to_string()).collect();
    match parts.len() {
        0 => format!("no {many}"),
        1 => format!("{one} {}", parts[0]),
        _ => format!("{many} {}", parts.join(", ")),
    }
}

/// The two axes' words, once when they say the same: `H_out = W_out = …`.
pub fn two_axes(names: [&str; 2], words: [String; 2]) -> String {
    if words[0] == words[1] {
        format!("{} = {} = {}", names[0], names[1], words[0])
    } else {
        format!("{} = {}; {} = {}", names[0], words[0], names[1], words[1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_rounds_the_way_it_says() {
        assert_eq!((floor_div(7, 2), ceil_div(7, 2)), (3, 4));
        assert_eq!((floor_div(-1, 2), ceil_div(-1, 2)), (-1, 0));
        assert_eq!((floor_div(6, 3), ceil_div(6, 3)), (2, 2));
        assert_eq!(floor_div(5, 0), 5, "a zero divisor is taken as 1");
        assert_eq!(term(-3), "(\u{2212}3)");
        assert_eq!(tuple(&[1, -2]), "(1, \u{2212}2)");
        assert_eq!(list("row", "rows", &[2]), "row 2");
        assert_eq!(list("row", "rows", &[1, 2]), "rows 1, 2");
    }
}
