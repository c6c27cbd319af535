//! `SingleLabelMetric`: mmpretrain's precision, recall and F1-score of the arg-max class.

use registry_core::{BuildContext, BuildError, Buildable, register_module};
use serde::Deserialize;

use super::{ClsMetric, METRICS};

/// `SingleLabelMetric`'s arguments.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct SingleLabelArgs {
    /// Which values: any of `precision`, `recall`, `f1-score`, `support`.
    #[serde(default = "items")]
    pub items: Vec<String>,
    /// `'macro'` (default), `'micro'`, or `None` (one value per class).
    #[serde(default = "macro_")]
    pub average: Option<String>,
    /// The number of classes [default: the scores' width].
    #[serde(default)]
    pub num_classes: Option<usize>,
}

fn items() -> Vec<String> {
    ["precision", "recall", "f1-score"]
        .map(String::from)
        .to_vec()
}
fn macro_() -> Option<String> {
    Some("macro".to_owned())
}

/// `dict(type='SingleLabelMetric', average='macro')`: reported as `single-label/precision`,
/// `…/recall`, `…/f1-score` (macro), `…/precision_micro` (micro) or `…/precision_classwise`
/// (one value per class, reported as `…/precision_classwise/<class>`), in percent.
#[register_module(METRICS, name = "SingleLabelMetric")]
#[derive(Debug, Clone)]
pub struct SingleLabelMetric {
    args: SingleLabelArgs,
    /// (predicted, true) of every sample.
    pairs: Vec<(usize, usize)>,
    classes: usize,
}

impl Buildable for SingleLabelMetric {
    type Config = SingleLabelArgs;

    fn build(args: SingleLabelArgs, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if let Some(item) = args
            .items
            .iter()
            .find(|item| !["precision", "recall", "f1-score", "support"].contains(&item.as_str()))
        {
            return Err(ctx.invalid(
                "items",
                format!("unknown item '{item}'; expected precision, recall, f1-score, support"),
            ));
        }
        if let Some(average) = &args.average
            && average != "macro"
            && average != "micro"
        {
            return Err(ctx.invalid(
                "average",
                format!("expected 'macro', 'micro' or None, got '{average}'"),
            ));
        }
        if let Some(classes) = args.num_classes {
            ctx.check_width("num_classes", classes)?;
        }
        Ok(Self {
            args,
            pairs: Vec::new(),
            classes: 0,
        })
    }
}

impl ClsMetric for SingleLabelMetric {
    fn process(&mut self, scores: &[f32], classes: usize, labels: &[usize]) {
        self.classes = self.args.num_classes.unwrap_or(classes).max(self.classes);
        for (row, &label) in scores.chunks(classes).zip(labels) {
            let mut best = 0;
            for (class, &score) in row.iter().enumerate() {
                if score > row[best] {
                    best = class;
                }
            }
            self.pairs.push((best, label));
        }
    }

    fn compute(&self) -> Vec<(String, f64)> {
        let n = self.classes;
        let (mut tp, mut pred, mut gt) = (vec![0u64; n], vec![0u64; n], vec![0u64; n]);
        for &(p, t) in &self.pairs {
            if p < n {
                pred[p] += 1;
            }
            if t < n {
                gt[t] += 1;
            }
            if p == t && t < n {
                tp[t] += 1;
            }
        }
        let ratio = |a: u64, b: u64| a as f64 / b.max(1) as f64 * 100.0;
        let f1 = |p: f64, r: f64| 2.0 * p * r / (p + r).max(f32::EPSILON as f64);
        let (precision, recall, f1s, support): (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) =
            match self.args.average.as_deref() {
                Some("micro") => {
                    let (t, p, g) = (tp.iter().sum(), pred.iter().sum(), gt.iter().sum::<u64>());
                    let (pr, re) = (ratio(t, p), ratio(t, g));
                    (vec![pr], vec![re], vec![f1(pr, re)], vec![g as f64])
                }
                average => {
                    let pr: Vec<f64> = (0..n).map(|c| ratio(tp[c], pred[c])).collect();
                    let re: Vec<f64> = (0..n).map(|c| ratio(tp[c], gt[c])).collect();
                    let f: Vec<f64> = pr.iter().zip(&re).map(|(&p, &r)| f1(p, r)).collect();
                    let sup: Vec<f64> = gt.iter().map(|&g| g as f64).collect();
                    match average {
                        Some(_) => {
                            let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
                            (
                                vec![mean(&pr)],
                                vec![mean(&re)],
                                vec![mean(&f)],
                                vec![sup.iter().sum()],
                            )
                        }
                        None => (pr, re, f, sup),
                    }
                }
            };
        let suffix = match self.args.average.as_deref() {
            Some("macro") => "",
            Some(_) => "_micro",
            None => "_classwise",
        };
        let mut values = Vec::new();
        for item in &self.args.items {
            let series = match item.as_str() {
                "precision" => &precision,
                "recall" => &recall,
                "f1-score" => &f1s,
                _ => &support,
            };
            for (class, &value) in series.iter().enumerate() {
                let name = match self.args.average {
                    None => format!("single-label/{item}{suffix}/{class}"),
                    Some(_) => format!("single-label/{item}{suffix}"),
                };
                values.push((name, value));
            }
        }
        values
    }

    fn reset(&mut self) {
        self.pairs.clear();
        self.classes = 0;
    }

    fn fresh(&self) -> Box<dyn ClsMetric> {
        Box::new(Self {
            args: self.args.clone(),
            pairs: Vec::new(),
            classes: 0,
        })
    }
}
