//! [`runner_model_config`]: a config's `model` dict as mmengine's runner builds it.

use serde_json::Value;

/// The config's `model` dict with the config's top-level `data_preprocessor` as its default, as
/// mmengine's runner does (`model.setdefault('data_preprocessor', cfg.data_preprocessor)`);
/// `None` when the config has no `model`.
///
/// ```
/// use serde_json::json;
///
/// let config = json!({
///     "model": {"type": "ImageClassifier"},
///     "data_preprocessor": {"mean": [0.5], "std": [0.5]},
/// });
/// let model = models::classifiers::runner_model_config(&config).unwrap();
/// assert_eq!(model["data_preprocessor"]["mean"], json!([0.5]));
/// ```
pub fn runner_model_config(config: &Value) -> Option<Value> {
    let mut model = config.get("model")?.clone();
    if let (Some(preprocessor), Value::Object(map)) = (config.get("data_preprocessor"), &mut model)
    {
        map.entry("data_preprocessor")
            .or_insert_with(|| preprocessor.clone());
    }
    Some(model)
}
