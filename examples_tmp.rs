fn main() {
    for s in ["1e308", "1.7976931348623157e308", "1e-5", "0.1234567"] {
        let v: f64 = serde_json::from_str(s).unwrap();
        println!("{s} -> {v:e} {}", v.is_finite());
    }
}
