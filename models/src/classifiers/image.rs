//! [`ImageClassifier`]: backbone, neck and head, as mmpretrain's `ImageClassifier`.

use burn::module::{Flag, Module, Param};
use burn::tensor::Tensor;
use registry_core::init::{InitContext, InitError, check_init_cfg, init_module};
use registry_core::{
    BACKBONES, Backbone, BuildContext, BuildError, Buildable, HEADS, Head, InputSpec, LossOutput,
    MODELS, Model, NECKS, Neck, Prediction, Targets, register_module,
};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::preprocessor::ClsDataPreprocessor;
use crate::augments::RandomBatchAugment;

/// The training settings of a classifier (`train_cfg`): batch augments, as mmpretrain's
/// `RandomBatchAugment(augments, probs)`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainCfg {
    /// A batch augment config from BATCH_AUGMENTS, or a list of them.
    #[serde(default)]
    #[schemars(extend("x-registry" = "BATCH_AUGMENTS"))]
    pub augments: Option<Value>,
    /// The probability of each augment (a number or a list); none with the rest. Evenly
    /// chosen when absent.
    #[serde(default)]
    pub probs: Option<Value>,
}

impl TrainCfg {
    /// The batch augments, if any (at the context's `train_cfg`), for a classifier with or
    /// without a head.
    fn build(
        &self,
        has_head: bool,
        ctx: &mut BuildContext,
    ) -> Result<Option<RandomBatchAugment>, BuildError> {
        let probs = self.probs.clone().unwrap_or(Value::Null);
        match &self.augments {
            None | Some(Value::Null) if probs.is_null() => Ok(None),
            None | Some(Value::Null) => {
                Err(ctx.invalid("probs", "`probs` given without `augments`"))
            }
            Some(_) if !has_head => Err(ctx.invalid(
                "augments",
                "batch augments need a head (for its number of classes)",
            )),
            Some(augments) => RandomBatchAugment::build(augments, &probs, ctx).map(Some),
        }
    }
}

/// The config of `ImageClassifier`: mmpretrain's keys.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct ImageClassifierConfig {
    /// The backbone, from BACKBONES.
    #[schemars(extend("x-registry" = "BACKBONES"))]
    pub backbone: Value,
    /// The neck, from NECKS; needed with a head.
    #[serde(default)]
    #[schemars(extend("x-registry" = "NECKS"))]
    pub neck: Option<Value>,
    /// The head, from HEADS.
    #[serde(default)]
    #[schemars(extend("x-registry" = "HEADS"))]
    pub head: Option<Value>,
    /// A checkpoint to initialise from; not supported yet (only `None`).
    #[serde(default)]
    pub pretrained: Option<String>,
    /// Training settings: batch augments.
    #[serde(default)]
    pub train_cfg: Option<TrainCfg>,
    /// The data preprocessor (`ClsDataPreprocessor`).
    #[serde(default)]
    pub data_preprocessor: Option<ClsDataPreprocessor>,
    /// Initialisation config, applied by `init_weights` (never when the model is built).
    #[serde(default)]
    pub init_cfg: Option<Value>,
}

/// Image classifier (mmpretrain's `ImageClassifier`): backbone, then neck, then head.
///
/// - [`Model::forward`] (mode `"tensor"`): the head's logits; without a head, the neck's last
///   features.
/// - [`Model::loss`] (mode `"loss"`): the head's losses. When training — images on an autodiff
///   device and the model's `training` flag enabled (`valid()` disables it) — the batch
///   augments of `train_cfg.augments` (or `data_preprocessor.batch_augments`) mix the batch
///   first and the targets become scores, as mmpretrain's data preprocessor does in training.
/// - [`Model::predict`] (mode `"predict"`): softmax scores and labels.
///
/// The data preprocessor is applied by the caller ([`preprocess`](Self::preprocess)), as
/// mmengine's loops apply it before `forward`.
///
/// A head needs a neck (heads take feature vectors); the head's `in_channels` must equal the
/// channels the backbone and neck produce (checked when built, at `head.in_channels`). A
/// classifier without head (and neck) serves [`Model::extract_feat`] only: `forward`, `loss`
/// and `predict` panic on it with a message.
#[register_module(MODELS)]
#[derive(Module, Debug)]
pub struct ImageClassifier {
    /// The backbone.
    pub backbone: Box<dyn Backbone>,
    /// The neck.
    pub neck: Option<Box<dyn Neck>>,
    /// The head.
    pub head: Option<Box<dyn Head>>,
    /// Whether batch augments apply (on autodiff devices).
    pub training: Param<Flag>,
    /// The batch augments.
    #[module(skip)]
    pub batch_augments: Option<RandomBatchAugment>,
    /// The data preprocessor.
    #[module(skip)]
    pub data_preprocessor: ClsDataPreprocessor,
    /// The `init_cfg` of the config, as given.
    #[module(skip)]
    pub init_cfg: Option<Value>,
}

impl Buildable for ImageClassifier {
    type Config = ImageClassifierConfig;

    fn build(config: ImageClassifierConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if let Some(pretrained) = &config.pretrained {
            return Err(ctx.invalid(
                "pretrained",
                format!(
                    "loading '{pretrained}' from the config is not supported yet: build the \
                     model, then load the checkpoint with burn-store"
                ),
            ));
        }
        if let Some(init_cfg) = &config.init_cfg {
            check_init_cfg(init_cfg, ctx)?;
        }
        let preprocessor = config.data_preprocessor.unwrap_or_default();
        ctx.nested("data_preprocessor", |ctx| preprocessor.check(ctx))?;

        let backbone: Box<dyn Backbone> = ctx.build(&BACKBONES, "backbone", &config.backbone)?;
        if let Some(channels) = backbone.in_channels() {
            ctx.nested("data_preprocessor", |ctx| {
                preprocessor.check_channels(channels, ctx)
            })?;
        }
        let neck: Option<Box<dyn Neck>> = match config.neck {
            None | Some(Value::Null) => None,
            Some(neck) => Some(ctx.build(&NECKS, "neck", &neck)?),
        };
        let head: Option<Box<dyn Head>> = match config.head {
            None | Some(Value::Null) => None,
            Some(head) => Some(ctx.build(&HEADS, "head", &head)?),
        };

        if let Some(head) = &head {
            check_head(&*backbone, neck.as_deref(), &**head, &preprocessor, ctx)?;
        }

        // mmpretrain: `data_preprocessor.setdefault('batch_augments', train_cfg)`.
        let has_head = head.is_some();
        let batch_augments = match (&preprocessor.batch_augments, &config.train_cfg) {
            (Some(augments), _) => ctx.nested("data_preprocessor", |ctx| {
                ctx.nested("batch_augments", |ctx| augments.build(has_head, ctx))
            })?,
            (None, Some(train_cfg)) => {
                ctx.nested("train_cfg", |ctx| train_cfg.build(has_head, ctx))?
            }
            (None, None) => None,
        };

        Ok(ImageClassifier {
            backbone,
            neck,
            head,
            training: Param::from_bool(true),
            batch_augments,
            data_preprocessor: preprocessor,
            init_cfg: config.init_cfg,
        })
    }
}

/// A head fits what feeds it: a neck before it, the channels the backbone and neck produce, and
/// the data preprocessor's `num_classes`.
fn check_head(
    backbone: &dyn Backbone,
    neck: Option<&dyn Neck>,
    head: &dyn Head,
    preprocessor: &ClsDataPreprocessor,
    ctx: &mut BuildContext,
) -> Result<(), BuildError> {
    let Some(neck) = neck else {
        return Err(ctx.invalid(
            "neck",
            "a head takes feature vectors: set a neck such as \
             dict(type='GlobalAveragePooling')",
        ));
    };
    let channels = neck.out_channels(&backbone.out_channels());
    let produced = channels.last().copied().unwrap_or(0);
    if produced != head.in_channels() {
        return Err(ctx.nested("head", |ctx| {
            ctx.invalid(
                "in_channels",
                format!(
                    "the head takes {} channels, but the backbone (through the neck) \
                     produces {produced}",
                    head.in_channels()
                ),
            )
        }));
    }
    if let Some(classes) = preprocessor.num_classes
        && classes != head.num_classes()
    {
        return Err(ctx.nested("data_preprocessor", |ctx| {
            ctx.invalid(
                "num_classes",
                format!("{classes} classes, but the head has {}", head.num_classes()),
            )
        }));
    }
    Ok(())
}

impl ImageClassifier {
    /// The neck's features of `images`.
    ///
    /// # Panics
    ///
    /// Without a neck.
    pub fn neck_features(&self, images: Tensor<4>) -> Vec<Tensor<2>> {
        let neck = self.neck.as_ref().expect(
            "this ImageClassifier has no neck (nor head): only `extract_feat` is available",
        );
        neck.forward(self.backbone.forward(images))
    }

    fn head(&self) -> &dyn Head {
        self.head
            .as_deref()
            .expect("this ImageClassifier has no head: only `forward` (neck features) and `extract_feat` are available")
    }

    /// `images` and `targets` as the data preprocessor hands them to the model (normalised,
    /// padded, labels one-hot with `to_onehot`); see [`ClsDataPreprocessor`].
    pub fn preprocess(&self, images: Tensor<4>, targets: Targets) -> (Tensor<4>, Targets) {
        let images = self.data_preprocessor.preprocess_images(images);
        let targets = match &self.head {
            Some(head) => self
                .data_preprocessor
                .preprocess_targets(targets, head.num_classes()),
            None => targets,
        };
        (images, targets)
    }

    /// Whether [`Model::loss`] applies the batch augments to `images`: there are augments,
    /// the `training` flag is enabled, and `images` are on an autodiff device.
    pub fn augments_apply(&self, images: &Tensor<4>) -> bool {
        self.batch_augments.is_some() && self.training.is_enabled() && images.device().is_autodiff()
    }
}

impl Model for ImageClassifier {
    fn forward(&self, images: Tensor<4>) -> Tensor<2> {
        let mut features = self.neck_features(images);
        match &self.head {
            Some(head) => head.forward(features),
            None => features
                .pop()
                .expect("the neck returns one feature per map"),
        }
    }

    fn input_spec(&self) -> InputSpec {
        InputSpec {
            channels: self.backbone.in_channels(),
            widest: self.backbone.out_channels().into_iter().max(),
            unavailable: self.neck.is_none().then(|| {
                "this ImageClassifier has no neck (nor head), so it only extracts features \
                 (extract_feat): set model.neck and model.head to classify"
                    .to_owned()
            }),
            headless: self.head.is_none().then(|| {
                "this ImageClassifier has no head, so it gives neck features but no loss or \
                 prediction: set model.head to train or classify"
                    .to_owned()
            }),
        }
    }

    fn extract_feat(&self, images: Tensor<4>) -> Vec<Tensor<4>> {
        self.backbone.forward(images)
    }

    fn loss(&self, images: Tensor<4>, targets: Targets) -> LossOutput {
        let head = self.head();
        let (images, targets) = match &self.batch_augments {
            Some(augments) if self.augments_apply(&images) => {
                let (images, scores) = augments.apply(images, &targets, head.num_classes());
                (images, Targets::Scores(scores))
            }
            _ => (images, targets),
        };
        let logits = head.forward(self.neck_features(images));
        head.loss(logits, &targets)
    }

    fn predict(&self, images: Tensor<4>) -> Prediction {
        let head = self.head();
        head.predict(head.forward(self.neck_features(images)))
    }

    /// mmengine's order: the classifier's own `init_cfg` entries, then the backbone's, the
    /// neck's and the head's `init_weights`, then the classifier's own `Pretrained` entries
    /// (a whole model's checkpoint, torchvision's or mmpretrain's names).
    fn init_weights(&mut self, ctx: &mut InitContext) -> Result<(), InitError> {
        ctx.add_key_maps(crate::checkpoints::key_maps());
        let init_cfg = self.init_cfg.clone();
        init_module(self, init_cfg.as_ref(), ctx, |model, ctx| {
            ctx.nested("backbone", |ctx| model.backbone.init_weights(ctx))?;
            if let Some(neck) = &mut model.neck {
                ctx.nested("neck", |ctx| neck.init_weights(ctx))?;
            }
            if let Some(head) = &mut model.head {
                ctx.nested("head", |ctx| head.init_weights(ctx))?;
            }
            Ok(())
        })
    }

    fn fuse_conv_bn(&self) -> Box<dyn Model> {
        Box::new(ImageClassifier {
            backbone: self.backbone.fuse_conv_bn(),
            ..self.clone()
        })
    }
}
