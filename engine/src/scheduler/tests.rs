//! Scheduler values against mmengine's formulas.

use std::f64::consts::PI;

use serde_json::{Value, json};

use super::Schedule;

/// The rates of the first `steps` iterations over a base rate of 0.1.
fn lrs(config: Value, epoch_len: u64, steps: u64) -> Vec<f64> {
    let schedule = Schedule::from_config(Some(&config), 0.1, epoch_len, false).unwrap();
    (0..steps).map(|it| schedule.lr_at(it)).collect()
}

fn close(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert!((a - e).abs() < 1e-12, "{actual:?} != {expected:?}");
    }
}

fn error(config: Value, epoch_len: u64, iteration_loop: bool) -> String {
    Schedule::from_config(Some(&config), 0.1, epoch_len, iteration_loop)
        .unwrap_err()
        .to_string()
}

#[test]
fn multi_step_by_epoch_steps_once_per_epoch() {
    let config = json!({"type": "MultiStepLR", "milestones": [1, 2], "gamma": 0.5});
    close(&lrs(config, 2, 6), &[0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
}

#[test]
fn warmup_chains_with_multi_step() {
    let config = json!([
        {"type": "LinearLR", "start_factor": 0.2, "by_epoch": false, "begin": 0, "end": 5},
        {"type": "MultiStepLR", "by_epoch": true, "milestones": [1], "gamma": 0.1},
    ]);
    close(
        &lrs(config, 6, 8),
        &[0.02, 0.04, 0.06, 0.08, 0.1, 0.1, 0.01, 0.01],
    );
}

#[test]
fn cosine_by_epoch_changes_per_epoch_unless_converted() {
    let config = json!({"type": "CosineAnnealingLR", "T_max": 2, "begin": 0, "end": 2});
    let value = |t: f64, period: f64| 0.05 * (1.0 + (PI * t / period).cos());
    close(
        &lrs(config.clone(), 2, 4),
        &[
            value(0.0, 2.0),
            value(0.0, 2.0),
            value(1.0, 2.0),
            value(1.0, 2.0),
        ],
    );
    let mut converted = config;
    converted["convert_to_iter_based"] = json!(true);
    // T_max and end become 4 iterations.
    let expected: Vec<f64> = [0.0, 1.0, 2.0, 3.0, 3.0]
        .iter()
        .map(|&t| value(t, 4.0))
        .collect();
    close(&lrs(converted, 2, 5), &expected);
}

#[test]
fn poly_reaches_eta_min_at_end_minus_one() {
    // mmengine: eta_min + (base - eta_min)·(1 - t/T)^power, T = end - begin - 1 = 4.
    let config =
        json!({"type": "PolyLR", "eta_min": 0.02, "power": 2.0, "by_epoch": false, "end": 5});
    let value = |t: f64| 0.02 + 0.08 * (1.0 - t / 4.0).powi(2);
    let expected: Vec<f64> = [0.0, 1.0, 2.0, 3.0, 4.0, 4.0]
        .iter()
        .map(|&t| value(t))
        .collect();
    close(&lrs(config, 1, 6), &expected);
}

#[test]
fn one_cycle_follows_torch_phases() {
    let config = json!({"type": "OneCycleLR", "eta_max": 1.0, "total_steps": 10, "by_epoch": false,
                        "pct_start": 0.3, "div_factor": 10.0, "final_div_factor": 100.0});
    let rates = lrs(config, 1, 10);
    // Rise over steps 0..=2 (pct_start·10 - 1), cosine from 0.1 to 1.0.
    let cos = |from: f64, to: f64, pct: f64| to + (from - to) / 2.0 * ((PI * pct).cos() + 1.0);
    let expected = [
        cos(0.1, 1.0, 0.0),
        cos(0.1, 1.0, 0.5),
        cos(0.1, 1.0, 1.0),
        cos(1.0, 0.001, 1.0 / 7.0),
        cos(1.0, 0.001, 2.0 / 7.0),
    ];
    close(&rates[..5], &expected);
    assert!((rates[9] - 0.001).abs() < 1e-12, "{rates:?}");
}

#[test]
fn cosine_restart_restarts_with_weights() {
    let config = json!({"type": "CosineRestartLR", "periods": [2, 4], "restart_weights": [1.0, 0.5],
                        "eta_min": 0.0, "by_epoch": false});
    let anneal = |max: f64, t: f64, period: f64| max * (1.0 + (PI * t / period).cos()) / 2.0;
    let expected = [
        0.1 * anneal(1.0, 0.0, 2.0),
        0.1 * anneal(1.0, 1.0, 2.0),
        0.1 * anneal(0.5, 0.0, 4.0),
        0.1 * anneal(0.5, 1.0, 4.0),
        0.1 * anneal(0.5, 2.0, 4.0),
        0.1 * anneal(0.5, 3.0, 4.0),
        0.1 * anneal(0.5, 3.0, 4.0),
    ];
    close(&lrs(config, 1, 7), &expected);
}

#[test]
fn step_and_constant_and_exponential() {
    close(
        &lrs(
            json!({"type": "StepLR", "by_epoch": false, "step_size": 2, "gamma": 0.5}),
            1,
            5,
        ),
        &[0.1, 0.1, 0.05, 0.05, 0.025],
    );
    close(
        &lrs(
            json!({"type": "ConstantLR", "by_epoch": false, "factor": 0.5, "end": 3}),
            1,
            4,
        ),
        &[0.05, 0.05, 0.1, 0.1],
    );
    // Converted: 0.25 per epoch of two iterations is 0.5 per iteration.
    close(
        &lrs(
            json!({"type": "ExponentialLR", "gamma": 0.25, "convert_to_iter_based": true}),
            2,
            3,
        ),
        &[0.1, 0.05, 0.025],
    );
}

#[test]
fn the_record_resumes_the_schedule() {
    use burn::lr_scheduler::LrScheduler;
    let config = json!({"type": "StepLR", "by_epoch": false, "step_size": 1, "gamma": 0.5});
    let mut schedule = Schedule::from_config(Some(&config), 0.1, 1, false).unwrap();
    schedule.step();
    schedule.step();
    let mut resumed = Schedule::from_config(Some(&config), 0.1, 1, false).unwrap();
    resumed.load_record(schedule.to_record());
    assert_eq!(resumed.step(), schedule.step());
    assert!((resumed.step() - 0.0125).abs() < 1e-12);
}

#[test]
fn errors_name_the_key() {
    assert_eq!(
        error(
            json!({"type": "StepLR", "end": 9_000_000_000_000_000_000u64, "step_size": 1,
                     "convert_to_iter_based": true}),
            4,
            false
        ),
        "param_scheduler.end: 9000000000000000000 × 4 iterations per epoch overflows"
    );
    assert_eq!(
        error(
            json!([{"type": "LinearLR", "begin": 5, "end": 5}]),
            1,
            false
        ),
        "param_scheduler[0].end: must be after `begin` (5), got 5"
    );
    assert!(
        error(json!([{"type": "StepLR", "step_size": 1}]), 1, true).starts_with(
            "param_scheduler[0].by_epoch: by_epoch=True (the default) in an iteration-based"
        ),
    );
    assert!(
        error(json!({"type": "StepLR", "step_size": 0}), 1, false)
            .starts_with("param_scheduler.step_size: expected at least 1")
    );
    assert!(
        error(json!({"type": "CosineAnnealingLR"}), 1, false)
            .starts_with("param_scheduler.T_max: missing")
    );
    let unknown = error(json!({"type": "WarmupLR"}), 1, false);
    assert!(unknown.starts_with("param_scheduler.type"), "{unknown}");
}
