//! [`ClassPrediction`]: what the inferencer says about one image, as mmpretrain's
//! `ImageClassificationInferencer` returns it.

use std::path::Path;

use serde::Serialize;

/// One of the `k` most likely classes of an image.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopK {
    /// The class index.
    pub label: usize,
    /// Its softmax score.
    pub score: f32,
    /// Its name, when the config gives class names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
}

/// The prediction for one image: the most likely class and the top-K (`pred_class` only when
/// class names are known). Serialises to mmpretrain's keys:
///
/// ```
/// use inference::{ClassPrediction, TopK};
/// let prediction = ClassPrediction::new("cat.png".as_ref(), &[0.1, 0.7, 0.2], 2, None);
/// assert_eq!(prediction.pred_label, 1);
/// assert_eq!(prediction.topk[1], TopK { label: 2, score: 0.2, class: None });
/// assert_eq!(
///     serde_json::to_string(&prediction)?,
///     r#"{"img_path":"cat.png","pred_label":1,"pred_score":0.7,"topk":[{"label":1,"score":0.7},{"label":2,"score":0.2}]}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassPrediction {
    /// The image file, as given.
    pub img_path: String,
    /// The most likely class.
    pub pred_label: usize,
    /// Its softmax score.
    pub pred_score: f32,
    /// Its name, when the config gives class names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pred_class: Option<String>,
    /// The `k` most likely classes, most likely first (ties: the lower label first).
    pub topk: Vec<TopK>,
}

impl ClassPrediction {
    /// The prediction for the image at `path` from its `scores` (one per class), keeping the
    /// `k` best (at least one), named by `classes` when given.
    pub fn new(path: &Path, scores: &[f32], k: usize, classes: Option<&[String]>) -> Self {
        let mut order: Vec<usize> = (0..scores.len()).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        let name = |label: usize| classes.and_then(|names| names.get(label)).cloned();
        let topk: Vec<TopK> = order
            .into_iter()
            .take(k.max(1))
            .map(|label| TopK {
                label,
                score: scores[label],
                class: name(label),
            })
            .collect();
        let best = topk.first().cloned().unwrap_or(TopK {
            label: 0,
            score: f32::NAN,
            class: None,
        });
        ClassPrediction {
            img_path: path.display().to_string(),
            pred_label: best.label,
            pred_score: best.score,
            pred_class: best.class,
            topk,
        }
    }
}
