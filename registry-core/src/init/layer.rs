//! mmengine's `layer` names (PyTorch classes and their bases) as Burn's container types.

/// The Burn container types (`Struct:Conv2d`) a PyTorch layer name (`Conv2d`, `_BatchNorm`)
/// in an `init_cfg`'s `layer` stands for. Any other name is taken as a Burn module's own type
/// name (`Downsample` matches `Struct:Downsample`).
///
/// ```
/// use registry_core::init::container_types;
///
/// assert_eq!(container_types("BatchNorm2d"), ["Struct:BatchNorm"]);
/// assert_eq!(container_types("_BatchNorm"), ["Struct:BatchNorm"]);
/// assert_eq!(container_types("Downsample"), ["Struct:Downsample"]);
/// ```
pub fn container_types(layer: &str) -> Vec<String> {
    let names: &[&str] = match layer {
        "BatchNorm" | "BatchNorm1d" | "BatchNorm2d" | "BatchNorm3d" | "SyncBatchNorm"
        | "_BatchNorm" => &["BatchNorm"],
        "InstanceNorm1d" | "InstanceNorm2d" | "InstanceNorm3d" | "_InstanceNorm" => {
            &["InstanceNorm"]
        }
        "_NormBase" => &["BatchNorm", "InstanceNorm"],
        "_ConvNd" => &[
            "Conv1d",
            "Conv2d",
            "Conv3d",
            "ConvTranspose1d",
            "ConvTranspose2d",
            "ConvTranspose3d",
        ],
        "_ConvTransposeNd" => &["ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"],
        other => return vec![format!("Struct:{other}")],
    };
    names.iter().map(|name| format!("Struct:{name}")).collect()
}
