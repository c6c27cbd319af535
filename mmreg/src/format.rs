//! Numbers as people read them.

/// `25_557_032` as `25.56 M`, `4_111_512_576` as `4.11 G`.
pub fn count(value: u64) -> String {
    let value = value as f64;
    match value {
        v if v >= 1e9 => format!("{:.2} G", v / 1e9),
        v if v >= 1e6 => format!("{:.2} M", v / 1e6),
        v if v >= 1e3 => format!("{:.2} K", v / 1e3),
        v => format!("{v}"),
    }
}
