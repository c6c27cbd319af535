//! Classification heads (mmpretrain's `ClsHead` family).

mod accuracy;
mod linear_cls_head;
mod multi_label_linear_cls_head;

pub use accuracy::topk_accuracy;
pub use linear_cls_head::{LinearClsHead, LinearClsHeadConfig, TopK};
pub use multi_label_linear_cls_head::{MultiLabelLinearClsHead, MultiLabelLinearClsHeadConfig};
