//! [`train`]: mmengine's `Runner.train()` on burn-train's `Learner` and `SupervisedTraining`.
//! burn-train runs epochs and validates after each; mmengine's `val_interval`/`val_begin` become
//! an [`IntervalLoader`] (empty on the other epochs) and an iteration-based loop becomes
//! [`IterationChunks`] (burn-train epochs of `val_interval` iterations).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{Context, bail};
use burn::data::dataloader::DataLoader;
use burn::lr_scheduler::module_lr_scheduler::ModuleLrScheduler;
use burn::optim::ModuleOptimizer;
use burn::tensor::Device;
use burn::train::logger::MetricLogger;
use burn::train::metric::store::{EpochSummary, MetricsUpdate, Split};
use burn::train::metric::{LearningRateMetric, LossMetric, MetricDefinition, NumericEntry};
use burn::train::{Learner, SupervisedTraining};
use serde_json::Value;

use super::best::{BEST_RECORD, Best};
use super::keys::{TRAIN_KEYS, report, required, seed};
use super::plan::{Plan, RunShape};
use super::renderer::{History, LogSettings, ProgressRenderer};
use super::resume::{ResumePoint, at, find, load_weights};
use super::scalars::ScalarsLog;
use super::strategy::execution_strategy;
use super::timing::{TimeMetric, TimedLoader};
use super::{BestTracker, FollowBest, KeepPolicy, Trainee, WorkDirCheckpointer, optimizer};
use crate::config::{Notes, Unhonoured};
use crate::data::{CheckedLoader, ClsBatch, DataContext, DataSource};
use crate::evaluator::{ClsMetric, SplitMetric, ValResults, build_evaluator, compute_all};
use crate::hooks::{HookSetup, build_hooks};
use crate::loops::build_loop;

/// How `train` runs, besides the config.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Checkpoints, `last_checkpoint` and `<timestamp>/vis_data/scalars.json` go here.
    pub work_dir: PathBuf,
    /// One device, or several for data-parallel training: burn-train's DDP strategy (NCCL
    /// all-reduce) when all are CUDA GPUs, its multi-device strategy otherwise.
    pub devices: Vec<Device>,
    /// Resume (as `--resume`; the config's `resume=True` also does).
    pub resume: bool,
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct TrainReport {
    /// The burn-train epoch it started after (0, or the resumed checkpoint's).
    pub start_epoch: usize,
    /// The last burn-train epoch.
    pub end_epoch: usize,
    /// Iterations per epoch (per device).
    pub epoch_len: usize,
    /// The loss of each step of this run.
    pub losses: Vec<f64>,
    /// The last validation's values (`accuracy/top1`, …).
    pub val_metrics: Vec<(String, f64)>,
    /// What `last_checkpoint` names, if a checkpoint was written.
    pub last_checkpoint: Option<PathBuf>,
    /// `save_best`: each metric's best score and checkpoint (`best_checkpoint.json`).
    pub best: Vec<(String, Best)>,
    /// The scalars log.
    pub scalars: PathBuf,
    /// Config keys not followed (also printed on stderr at start).
    pub notes: Vec<Unhonoured>,
}

/// Trains the config's model as mmengine's runner, reading `train_dataloader`, `val_dataloader`,
/// `train_cfg`, `val_cfg`, `val_evaluator`, `optim_wrapper`, `param_scheduler`, `default_hooks`,
/// `custom_hooks`, `load_from`, `resume` and `randomness.seed`; other keys are noted on stderr.
pub fn train(
    config: &Value,
    options: &TrainOptions,
    data: &dyn DataSource,
) -> anyhow::Result<TrainReport> {
    let run = Prepared::new(config, options, data)?;
    describe(&run.notes, &run.plan, run.samples, options.devices.len());
    run.launch(options)
}

/// Everything a run needs, built and checked before burn-train starts.
struct Prepared {
    notes: Notes,
    plan: Plan,
    hooks: HookSetup,
    best: Option<BestTracker>,
    metrics: Vec<Box<dyn ClsMetric>>,
    trainee: Trainee,
    optim: ModuleOptimizer,
    scheduler: ModuleLrScheduler,
    resumed: bool,
    samples: usize,
}

impl Prepared {
    /// Reads and builds every part of `config`; errors name the key.
    fn new(config: &Value, options: &TrainOptions, data: &dyn DataSource) -> anyhow::Result<Self> {
        let mut notes = Notes::default();
        report(config, TRAIN_KEYS, &mut notes)?;
        let seed = seed(config)?;
        let Some(device) = options.devices.first().cloned() else {
            bail!("no device to train on");
        };
        let replicas = options.devices.len();
        let train_cfg = config.get("train_cfg").unwrap_or(&Value::Null);
        let loop_plan = build_loop(train_cfg, "train_cfg", "EpochBasedTrainLoop")?;
        let hooks = build_hooks(config.get("default_hooks"), config.get("custom_hooks"))?;
        let resume = resume_point(config, options, &loop_plan)?;
        let start = resume.as_ref().map_or(0, |point| point.epoch);
        let loader = required(
            config,
            "train_dataloader",
            "training needs a train_dataloader dict",
        )?;
        let ctx = DataContext {
            device: device.clone(),
            seed,
            epoch: start as u64,
        };
        let train_data = data.dataloader("train_dataloader", loader, &ctx)?;
        let val = validation(config, data, &DataContext { epoch: 0, ..ctx })?;
        let shape = RunShape::new(loop_plan, train_data.num_batches, replicas, start)?;
        let wrapper = optimizer::build_wrapper(config)?;
        for (path, reason) in wrapper.plan().notes.iter().chain(&hooks.notes) {
            notes.unhonoured(path.as_str(), reason.as_str());
        }
        if hooks
            .checkpoint
            .as_ref()
            .is_some_and(|policy| !policy.by_epoch)
            && !shape.iteration_loop()
        {
            notes.unhonoured(
                "default_hooks.checkpoint.by_epoch",
                "False in an epoch loop: checkpoints are saved at the end of each epoch in which \
                 an interval of iterations has passed, named epoch_N",
            );
        }
        if resume.is_some() && hooks.checkpoint.is_none() {
            bail!(
                "resume: default_hooks has no CheckpointHook, so nothing could be restored or saved"
            );
        }
        device.seed(seed);
        let max_norm = optimizer::max_norm(&*wrapper)?;
        let mut trainee = Trainee::build(config, &device.autodiff(), replicas, max_norm)?
            .with_accumulation(wrapper.plan().accumulative_counts);
        if let (None, Some(path)) = (&resume, config.get("load_from").and_then(Value::as_str)) {
            load_weights(&mut trainee.model, path.as_ref(), "load_from")?;
        }
        let schedulers = config.get("param_scheduler");
        let (optim, scheduler, _) = optimizer::build(
            &*wrapper,
            &trainee,
            schedulers,
            shape.epoch_len as u64,
            shape.iteration_loop(),
        )?;
        let check = trainee.batch_check();
        let checked = |loader, key| -> Arc<dyn DataLoader<ClsBatch>> {
            Arc::new(CheckedLoader::new(loader, check.clone(), key))
        };
        let (valid, metrics) = match val {
            Some((loader, metrics)) => (Some(checked(loader, "val_dataloader")), metrics),
            None => (None, Vec::new()),
        };
        let best = best_tracker(&hooks, &metrics, &shape, options, &mut notes)?;
        let train = checked(train_data.loader, "train_dataloader");
        let mut plan = Plan::new(shape, train, valid);
        plan.train = Arc::new(TimedLoader::new(plan.train));
        let samples = train_data.num_samples;
        Ok(Self {
            notes,
            plan,
            hooks,
            best,
            metrics,
            trainee,
            optim,
            scheduler,
            resumed: start > 0,
            samples,
        })
    }

    /// Runs burn-train's `SupervisedTraining` and reports.
    fn launch(self, options: &TrainOptions) -> anyhow::Result<TrainReport> {
        let (shape, replicas, dir) = (self.plan.shape, options.devices.len(), &options.work_dir);
        let follows_best = self.best.is_some();
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let scalars = ScalarsLog::create(dir)?;
        let history = Arc::new(Mutex::new(History::default()));
        let results = ValResults::default();
        let renderer =
            ProgressRenderer::new(history.clone(), shape.steps, replicas).with_log(LogSettings {
                interval: self.hooks.log_interval,
                scalars: Some(scalars.clone()),
                by_epoch: !shape.iteration_loop(),
                results: Some(results.clone()),
            });
        let strategy = execution_strategy(&options.devices);
        let mut training =
            SupervisedTraining::new(dir, self.plan.train.clone(), self.plan.valid.clone())
                .num_epochs(shape.num_epochs)
                .with_training_strategy(strategy.into())
                .with_application_logger(None)
                .with_metric_logger(Discard)
                .metric_train_numeric(LossMetric::new())
                .metric_train_numeric(LearningRateMetric::new())
                .metric_train_numeric(TimeMetric::time())
                .metric_train_numeric(TimeMetric::data_time())
                .renderer(Box::new(renderer));
        for metric in self.metrics {
            let shared =
                SplitMetric::new(Arc::new(Mutex::new(metric))).with_results(results.clone());
            training = training.metric_valid_numeric(shared);
        }
        if let Some(policy) = self.hooks.checkpoint {
            let naming = shape.naming();
            let mut keep = KeepPolicy::new(
                policy.clone(),
                shape.units_per_epoch(policy.by_epoch),
                shape.num_epochs,
            );
            if let Some(tracker) = self.best {
                keep = keep.with_best(FollowBest {
                    tracker,
                    history: history.clone(),
                });
            }
            let saves = keep.shared_saves();
            let part = |name| WorkDirCheckpointer::new(dir, name, naming).with_saves(saves.clone());
            training = training
                .with_custom_checkpointers(part(""), part("optim"), part("scheduler"))
                .with_checkpointing_strategy(keep);
        }
        if self.resumed {
            training = training.checkpoint(shape.start);
        }
        let result = training.launch(Learner::new(self.trainee, self.optim, self.scheduler));
        if let Some(error) = result.error {
            bail!("training failed: {error}");
        }
        if let Some(interruption) = result.interrupted {
            let reason = interruption.reason.as_deref().unwrap_or("no reason given");
            bail!("training was interrupted: {reason}");
        }
        let history = history
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let last_checkpoint = std::fs::read_to_string(dir.join("last_checkpoint"))
            .ok()
            .map(|text| PathBuf::from(text.trim()));
        let best = std::fs::read_to_string(dir.join(BEST_RECORD))
            .ok()
            .filter(|_| follows_best)
            .and_then(|text| serde_json::from_str::<BTreeMap<String, Best>>(&text).ok())
            .map_or_else(Vec::new, |best| best.into_iter().collect());
        Ok(TrainReport {
            start_epoch: shape.start,
            end_epoch: shape.num_epochs,
            epoch_len: shape.epoch_len,
            losses: history.step_losses(replicas),
            val_metrics: history.valid_metrics,
            last_checkpoint,
            best,
            scalars: scalars.path().to_owned(),
            notes: self.notes.all().to_vec(),
        })
    }
}

/// The tracker of `save_best`'s metrics, resolved against the evaluator's metric names (`auto`:
/// the first); a resumed run reads back the earlier bests. Without validation, nothing to
/// follow: noted.
fn best_tracker(
    hooks: &HookSetup,
    metrics: &[Box<dyn ClsMetric>],
    shape: &RunShape,
    options: &TrainOptions,
    notes: &mut Notes,
) -> anyhow::Result<Option<BestTracker>> {
    let Some(save_best) = hooks
        .checkpoint
        .as_ref()
        .and_then(|policy| policy.save_best.as_ref())
    else {
        return Ok(None);
    };
    const KEY: &str = "default_hooks.checkpoint.save_best";
    if metrics.is_empty() {
        notes.unhonoured(
            KEY,
            "no val_dataloader: no metric to keep the best checkpoint of",
        );
        return Ok(None);
    }
    let names: Vec<String> = compute_all(metrics)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let followed = save_best
        .resolve(&names)
        .map_err(|error| anyhow::anyhow!("{KEY}: {error}"))?;
    let tracker = BestTracker::new(&options.work_dir, shape.naming(), followed);
    match shape.start {
        0 => Ok(Some(tracker)),
        _ => tracker.restore().map(Some),
    }
}

/// Where `resume` (the option or the config's `resume=True`) starts: `load_from` if given,
/// else the work dir's `last_checkpoint`.
fn resume_point(
    config: &Value,
    options: &TrainOptions,
    plan: &crate::loops::LoopPlan,
) -> anyhow::Result<Option<ResumePoint>> {
    let resume = options.resume || config.get("resume").and_then(Value::as_bool) == Some(true);
    if !resume {
        return Ok(None);
    }
    let chunk = match plan {
        crate::loops::LoopPlan::Iters { val_interval, .. } => *val_interval,
        _ => 1,
    };
    match config.get("load_from").and_then(Value::as_str) {
        Some(path) => at(path.as_ref(), chunk, "load_from").map(Some),
        None => find(&options.work_dir, chunk).map(Some),
    }
}

/// The validation loader and metrics, when the config has a `val_dataloader`: as mmengine,
/// `val_evaluator` is then required and `val_cfg` built.
#[allow(clippy::type_complexity)]
fn validation(
    config: &Value,
    data: &dyn DataSource,
    ctx: &DataContext,
) -> anyhow::Result<
    Option<(
        Arc<dyn DataLoader<ClsBatch>>,
        Vec<Box<dyn crate::evaluator::ClsMetric>>,
    )>,
> {
    let Some(loader) = config
        .get("val_dataloader")
        .filter(|value| !value.is_null())
    else {
        return Ok(None);
    };
    build_loop(
        config.get("val_cfg").unwrap_or(&Value::Null),
        "val_cfg",
        "ValLoop",
    )?;
    let Some(evaluator) = config.get("val_evaluator").filter(|value| !value.is_null()) else {
        bail!(
            "val_evaluator: missing; a val_dataloader needs e.g. val_evaluator=dict(type='Accuracy', topk=(1,))"
        );
    };
    let metrics = build_evaluator(evaluator, "val_evaluator")?;
    let loader = data.dataloader("val_dataloader", loader, ctx)?;
    Ok(Some((loader.loader, metrics)))
}

/// Says on stderr what the run does, and every config key it does not follow.
fn describe(notes: &Notes, plan: &Plan, samples: usize, replicas: usize) {
    eprintln!(
        "train: {samples} samples, {} iterations per epoch on each of {replicas} device(s), {}",
        plan.shape.epoch_len,
        plan.shape.describe()
    );
    if !notes.all().is_empty() {
        eprintln!("not honoured:");
        for note in notes.all() {
            eprintln!("  {note}");
        }
    }
}

/// In place of burn-train's file logger (one file per metric, under a folder per epoch; a metric
/// named `accuracy/top1` would need a folder): the scalars go to `vis_data/scalars.json`.
struct Discard;

impl MetricLogger for Discard {
    fn log(&mut self, _: MetricsUpdate, _: usize, _: &Split) {}

    fn read_numeric(
        &mut self,
        name: &str,
        _: usize,
        _: &Split,
    ) -> Result<Vec<NumericEntry>, String> {
        Err(format!(
            "{name}: metrics are not kept by the runner's logger"
        ))
    }

    fn log_metric_definition(&mut self, _: MetricDefinition) {}

    fn log_epoch_summary(&mut self, _: EpochSummary) {}
}
