//! Runtime tensor ranks back to const generics.

/// The highest tensor rank an erased module may hold (checked at compile time).
pub(crate) const MAX_RANK: usize = 8;

/// Runs `$body` with `const $d: usize` equal to the runtime `$rank` (0 ..= [`MAX_RANK`]).
macro_rules! with_rank {
    ($rank:expr, $d:ident => $body:expr) => {
        match $rank {
            0 => {
                const $d: usize = 0;
                $body
            }
            1 => {
                const $d: usize = 1;
                $body
            }
            2 => {
                const $d: usize = 2;
                $body
            }
            3 => {
                const $d: usize = 3;
                $body
            }
            4 => {
                const $d: usize = 4;
                $body
            }
            5 => {
                const $d: usize = 5;
                $body
            }
            6 => {
                const $d: usize = 6;
                $body
            }
            7 => {
                const $d: usize = 7;
                $body
            }
            8 => {
                const $d: usize = 8;
                $body
            }
            _ => unreachable!("ranks above MAX_RANK are refused at compile time"),
        }
    };
}

pub(crate) use with_rank;
