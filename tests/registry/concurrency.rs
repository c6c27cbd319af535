use std::thread;

use registry_core::EntryInfo;
use serde_json::json;

use crate::things::{Named, THINGS};

#[test]
fn builds_from_many_threads_stay_correct_while_another_registers() {
    thread::scope(|scope| {
        for worker in 0..8 {
            scope.spawn(move || {
                for i in 0..500_i64 {
                    let value = worker * 1000 + i;
                    let config = json!({"type": "Pair", "left": {"type": "Num", "value": value}, "right": {"type": "N", "value": i}});
                    let thing = THINGS.build(&config).unwrap();
                    assert_eq!(thing.describe(), format!("({value}m, {i}m)"));
                }
            });
        }
        scope.spawn(|| {
            for i in 0..100 {
                let name: &'static str = format!("Runtime{i}").leak();
                THINGS
                    .register::<Named>(EntryInfo::new(name, "concurrency"))
                    .unwrap();
                assert_eq!(
                    THINGS.build(&json!({"type": name})).unwrap().describe(),
                    "named"
                );
            }
        });
    });
    assert!(THINGS.contains("Runtime99"));
}
