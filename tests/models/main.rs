//! The ResNet family and classifier parts built from configs.
