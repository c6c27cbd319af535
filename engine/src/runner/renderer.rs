//! [`ProgressRenderer`]: burn-train's metrics renderer for the runner, and its `LoggerHook`. It
//! draws on stderr only, so that stdout carries nothing but the command's result: a progress bar
//! when stderr is a terminal, mmengine-style log lines every `interval` steps otherwise; the same
//! steps go to `vis_data/scalars.json`. It also keeps every step's loss and the last validation
//! metrics, for the summary.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::{Arc, Mutex, PoisonError};

use burn::train::LearnerSummary;
use burn::train::logger::{EvaluationProgressLogger, TrainingProgressLogger};
use burn::train::metric::{MetricDefinition, MetricId, MetricName, NumericEntry};
use burn::train::renderer::{
    EvaluationName, MetricState, MetricsRenderer, MetricsRendererEvaluation,
    MetricsRendererTraining,
};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{Map, Value, json};

use super::scalars::ScalarsLog;
use super::timing::{DATA_TIME, TIME};
use crate::evaluator::ValResults;

/// burn-train's names of the metrics the run registers.
const LOSS: &str = "Loss";
const LEARNING_RATE: &str = "Learning Rate";
const ACCURACY: &str = "Accuracy";

/// What a run measured: the loss of every training item (one per device and step) and the
/// last validation metrics.
#[derive(Debug, Default, Clone)]
pub struct History {
    /// The loss of each training item, in order.
    pub item_losses: Vec<f64>,
    /// The time of each training item (`IterTimerHook`'s `time`), in seconds.
    pub item_times: Vec<f64>,
    /// Its loading time (`data_time`), in seconds.
    pub item_data_times: Vec<f64>,
    /// The mean validation loss of the last epoch.
    pub valid_loss: Option<f64>,
    /// The validation accuracy of the last epoch, in percent.
    pub valid_accuracy: Option<f64>,
    /// The evaluator's values of the last validation (`accuracy/top1`, …).
    pub valid_metrics: Vec<(String, f64)>,
    /// The same, until the checkpoint policy takes them (for `save_best`).
    pub fresh_validation: Option<Vec<(String, f64)>>,
}

impl History {
    /// The loss of each step: the mean over the `replicas` devices that shared it.
    pub fn step_losses(&self, replicas: usize) -> Vec<f64> {
        self.item_losses
            .chunks(replicas)
            .map(|losses| losses.iter().sum::<f64>() / losses.len() as f64)
            .collect()
    }
}

/// Where progress goes.
enum Output {
    /// A progress bar for the current split (stderr is a terminal).
    Bar(Option<ProgressBar>),
    /// Log lines (stderr is a file or a pipe).
    Lines,
}

/// The split being run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Split {
    Train,
    Valid,
}

/// Renders a run's progress on stderr and records its losses into a shared [`History`].
pub struct ProgressRenderer {
    history: Arc<Mutex<History>>,
    output: Output,
    names: HashMap<MetricId, MetricName>,
    replicas: usize,
    steps_per_epoch: usize,
    epochs: usize,
    epoch: usize,
    split: Split,
    items: usize,
    loss: Option<f64>,
    lr: Option<f64>,
    epoch_loss: Option<f64>,
    log: LogSettings,
    valid_items: usize,
    /// The global iteration of the last training step.
    last_iter: usize,
}

/// What the `LoggerHook` asks: how often, where, and how steps are counted.
#[derive(Clone, Default)]
pub struct LogSettings {
    /// Every this many steps (0: mmengine's default, 10).
    pub interval: usize,
    /// `vis_data/scalars.json`.
    pub scalars: Option<ScalarsLog>,
    /// Epoch-based loop: lines carry `epoch`, validation is stepped by epoch.
    pub by_epoch: bool,
    /// The evaluator's values, filled by its metrics at the end of each validation.
    pub results: Option<ValResults>,
}

impl ProgressRenderer {
    /// A renderer for epochs of `steps_per_epoch` steps, each over `replicas` devices; it
    /// records into `history`.
    pub fn new(history: Arc<Mutex<History>>, steps_per_epoch: usize, replicas: usize) -> Self {
        let output = match std::io::stderr().is_terminal() {
            true => Output::Bar(None),
            false => Output::Lines,
        };
        Self {
            history,
            output,
            names: HashMap::new(),
            replicas,
            steps_per_epoch,
            epochs: 0,
            epoch: 0,
            split: Split::Train,
            items: 0,
            loss: None,
            lr: None,
            epoch_loss: None,
            log: LogSettings {
                interval: 10,
                by_epoch: true,
                ..LogSettings::default()
            },
            valid_items: 0,
            last_iter: 0,
        }
    }

    /// Logs as `log` says.
    pub fn with_log(mut self, log: LogSettings) -> Self {
        let interval = if log.interval == 0 { 10 } else { log.interval };
        self.log = LogSettings { interval, ..log };
        self
    }

    /// The global iteration of `step` in the current epoch.
    fn global_iter(&self, step: usize) -> usize {
        self.epoch
            .saturating_sub(1)
            .saturating_mul(self.steps_per_epoch)
            .saturating_add(step)
    }

    /// A `scalars.json` line for training step `step`: the rate, and the mean loss, `time` and
    /// `data_time` since the last line, as mmengine's log processor.
    fn write_train_scalars(&self, step: usize) {
        let Some(scalars) = &self.log.scalars else {
            return;
        };
        let history = self.history();
        let window = self.log.interval.saturating_mul(self.replicas);
        let mut entry = Map::new();
        if let Some(lr) = self.lr {
            entry.insert("lr".into(), json!(lr));
        }
        let series = [
            ("data_time", &history.item_data_times),
            ("loss", &history.item_losses),
            ("time", &history.item_times),
        ];
        for (key, values) in series {
            if let Some(mean) = recent_mean(values, window) {
                entry.insert(key.into(), json!(mean));
            }
        }
        if self.log.by_epoch {
            entry.insert("epoch".into(), json!(self.epoch));
        }
        let iter = self.global_iter(step);
        entry.insert("iter".into(), json!(iter));
        entry.insert("step".into(), json!(iter));
        drop(history);
        scalars.write(entry);
    }

    /// The evaluator's values after a validation that saw samples: logged and kept.
    fn finish_validation(&mut self) -> Option<String> {
        let results = self.log.results.as_ref()?;
        let values = std::mem::take(&mut *results.lock().unwrap_or_else(PoisonError::into_inner));
        if self.valid_items == 0 || values.is_empty() {
            return None;
        }
        let mut text = match self.log.by_epoch {
            true => format!("Epoch(val) [{}]", self.epoch),
            false => format!("Iter(val) [{}]", self.last_iter),
        };
        let mut entry = Map::new();
        for (name, value) in &values {
            text += &format!("  {name}: {value:.4}");
            entry.insert(name.clone(), json!(value));
        }
        let step = if self.log.by_epoch {
            self.epoch
        } else {
            self.last_iter
        };
        entry.insert("step".into(), Value::from(step));
        if let Some(scalars) = &self.log.scalars {
            scalars.write(entry);
        }
        let mut history = self.history();
        history.fresh_validation = Some(values.clone());
        history.valid_metrics = values;
        Some(text)
    }

    /// The name of the metric an entry belongs to.
    fn name(&self, id: &MetricId) -> &str {
        self.names.get(id).map_or("", |name| name.as_str())
    }

    /// Writes a line on stderr, above the progress bar if there is one.
    fn line(&self, text: String) {
        match &self.output {
            Output::Bar(Some(bar)) => bar.println(text),
            _ => eprintln!("{text}"),
        }
    }

    /// The current training step's line: `Epoch(train) [1][ 10/40]  lr: …  loss: …`.
    fn step_line(&self, step: usize) -> String {
        let width = self.steps_per_epoch.to_string().len();
        let mut text = match self.log.by_epoch {
            true => format!(
                "Epoch(train) [{}][{step:>width$}/{}]",
                self.epoch, self.steps_per_epoch
            ),
            false => format!("Iter(train) [{}]", self.global_iter(step)),
        };
        if let Some(lr) = self.lr {
            text += &format!("  lr: {lr:.4e}");
        }
        if let Some(loss) = self.loss {
            text += &format!("  loss: {loss:.4}");
        }
        text
    }

    fn history(&self) -> std::sync::MutexGuard<'_, History> {
        self.history.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The mean of the last `window` values (`None` if there are none).
fn recent_mean(values: &[f64], window: usize) -> Option<f64> {
    let recent = &values[values.len().saturating_sub(window)..];
    (!recent.is_empty()).then(|| recent.iter().sum::<f64>() / recent.len() as f64)
}

impl MetricsRendererTraining for ProgressRenderer {
    fn update_train(&mut self, state: MetricState) {
        let MetricState::Numeric(entry, Some(value)) = state else {
            return;
        };
        let name = self.name(&entry.metric_id).to_owned();
        match (name.as_str(), value) {
            (LOSS, NumericEntry::Final(loss)) => self.epoch_loss = Some(loss),
            (LOSS, value) => {
                self.loss = Some(value.current());
                self.history().item_losses.push(value.current());
            }
            (LEARNING_RATE, value) => self.lr = Some(value.current()),
            (TIME | DATA_TIME, NumericEntry::Final(_)) => {}
            (TIME, value) => self.history().item_times.push(value.current()),
            (DATA_TIME, value) => self.history().item_data_times.push(value.current()),
            _ => {}
        }
    }

    fn update_valid(&mut self, state: MetricState) {
        let MetricState::Numeric(entry, Some(NumericEntry::Final(value))) = state else {
            return;
        };
        let name = self.name(&entry.metric_id).to_owned();
        let mut history = self.history();
        match name.as_str() {
            LOSS => history.valid_loss = Some(value),
            ACCURACY => history.valid_accuracy = Some(value),
            _ => {}
        }
    }

    /// burn-train prints its summary on stdout; this run prints its own.
    fn on_train_end(
        &mut self,
        _summary: Option<LearnerSummary>,
    ) -> Result<(), Box<dyn core::error::Error>> {
        Ok(())
    }
}

impl TrainingProgressLogger for ProgressRenderer {
    fn start(
        &mut self,
        total_epochs: usize,
        starting_epoch: usize,
        _total_items: Option<usize>,
        _label: Option<&str>,
    ) {
        self.epochs = total_epochs;
        self.epoch = starting_epoch.saturating_sub(1);
    }

    fn update_epoch(&mut self, _epoch: usize) {}

    fn start_split(&mut self, split: &str, _total_items: usize) {
        self.split = if split == "train" {
            self.epoch += 1;
            Split::Train
        } else {
            Split::Valid
        };
        self.items = 0;
        self.valid_items = 0;
        if let (Output::Bar(bar), Split::Train) = (&mut self.output, self.split) {
            let style = ProgressStyle::with_template(
                "{prefix} {bar:30} {pos}/{len} [{elapsed_precise}<{eta_precise}] {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            let progress = ProgressBar::new(self.steps_per_epoch as u64)
                .with_style(style)
                .with_prefix(format!("Epoch(train) [{}/{}]", self.epoch, self.epochs));
            *bar = Some(progress);
        }
    }

    fn update_split(&mut self, _items_processed: usize) {
        if self.split != Split::Train {
            self.valid_items += 1;
            return;
        }
        self.items += 1;
        if !self.items.is_multiple_of(self.replicas) {
            return;
        }
        let step = self.items / self.replicas;
        self.last_iter = self.global_iter(step);
        if step.is_multiple_of(self.log.interval) {
            self.write_train_scalars(step);
        }
        match &self.output {
            Output::Bar(Some(bar)) => {
                bar.set_position(step as u64);
                let mut message = String::new();
                if let Some(loss) = self.loss {
                    message += &format!("loss {loss:.4}");
                }
                if let Some(lr) = self.lr {
                    message += &format!("  lr {lr:.2e}");
                }
                bar.set_message(message);
            }
            _ if step.is_multiple_of(self.log.interval) || step == self.steps_per_epoch => {
                self.line(self.step_line(step));
            }
            _ => {}
        }
    }

    fn end_split(&mut self) {
        match self.split {
            Split::Train => {
                if let Output::Bar(bar) = &mut self.output
                    && let Some(bar) = bar.take()
                {
                    bar.finish_and_clear();
                    eprintln!("{}", self.step_line(self.steps_per_epoch));
                }
                if let Some(loss) = self.epoch_loss
                    && self.log.by_epoch
                {
                    eprintln!("Epoch(train) [{}]  mean loss: {loss:.4}", self.epoch);
                }
            }
            Split::Valid if self.log.results.is_some() => {
                if let Some(text) = self.finish_validation() {
                    self.line(text);
                }
            }
            Split::Valid => {
                let history = self.history();
                let mut text = format!("Epoch(val) [{}]", self.epoch);
                if let Some(accuracy) = history.valid_accuracy {
                    text += &format!("  accuracy: {accuracy:.2}%");
                }
                if let Some(loss) = history.valid_loss {
                    text += &format!("  loss: {loss:.4}");
                }
                drop(history);
                self.line(text);
            }
        }
    }

    fn end(&mut self) {}

    fn log_event_training(&mut self, _event: String) {}
}

impl MetricsRenderer for ProgressRenderer {
    fn manual_close(&mut self) {}

    fn register_metric(&mut self, definition: MetricDefinition) {
        self.names.insert(definition.metric_id, definition.name);
    }
}

/// `mmreg train` runs no evaluation: burn-train's evaluation events are ignored.
impl MetricsRendererEvaluation for ProgressRenderer {
    fn update_test(&mut self, _name: EvaluationName, _state: MetricState) {}
}

impl EvaluationProgressLogger for ProgressRenderer {
    fn start_global_progress(&mut self, _total_tests: usize) {}

    fn start_test(&mut self, _name: &str, _total_items: usize) {}

    fn update_test_progress(&mut self, _items_processed: usize) {}

    fn end_test(&mut self) {}

    fn end_global_progress(&mut self) {}

    fn log_event_evaluation(&mut self, _event: String) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_losses_average_the_devices_of_a_step() {
        let history = History {
            item_losses: vec![1.0, 3.0, 0.5, 0.25],
            ..History::default()
        };
        assert_eq!(history.step_losses(1), vec![1.0, 3.0, 0.5, 0.25]);
        assert_eq!(history.step_losses(2), vec![2.0, 0.375]);
    }
}
