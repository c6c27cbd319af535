//! [`transparent_resnet!`]: a registered ResNet variant that is a `ResNet` in every respect.

/// Implements `Module`, `ModuleDisplay`, `Backbone` (with `init_weights` and `fuse_conv_bn`)
/// and `Deref<Target = ResNet>` for a tuple
/// struct `$name(ResNet)` by forwarding to the `ResNet`, adding no path segment: weights of a
/// `ResNetV1d` read `stem.0.conv.weight`, exactly as a `ResNet` with `deep_stem=True`.
macro_rules! transparent_resnet {
    ($name:ident) => {
        impl ::burn::module::Module for $name {
            fn collect_devices(&self, devices: ::burn::module::Devices) -> ::burn::module::Devices {
                self.0.collect_devices(devices)
            }

            fn fork(self, device: &::burn::tensor::Device) -> Self {
                $name(self.0.fork(device))
            }

            fn to_device(self, device: &::burn::tensor::Device) -> Self {
                $name(self.0.to_device(device))
            }

            fn train(self) -> Self {
                $name(::burn::module::Module::train(self.0))
            }

            fn valid(&self) -> Self {
                $name(self.0.valid())
            }

            fn materialize(self) -> Self {
                $name(self.0.materialize())
            }

            fn num_params(&self) -> usize {
                ::burn::module::Module::num_params(&self.0)
            }

            fn visit<V: ::burn::module::ModuleVisitor>(&self, visitor: &mut V) {
                self.0.visit(visitor)
            }

            fn map<M: ::burn::module::ModuleMapper>(self, mapper: &mut M) -> Self {
                $name(self.0.map(mapper))
            }
        }

        impl ::burn::module::ModuleDisplayDefault for $name {
            fn content(
                &self,
                content: ::burn::module::Content,
            ) -> ::core::option::Option<::burn::module::Content> {
                ::burn::module::ModuleDisplayDefault::content(&self.0, content)
            }

            fn num_params(&self) -> usize {
                ::burn::module::Module::num_params(&self.0)
            }
        }

        impl ::burn::module::ModuleDisplay for $name {
            fn format(&self, settings: ::burn::module::DisplaySettings) -> ::std::string::String {
                ::burn::module::ModuleDisplay::format(&self.0, settings)
            }
        }

        impl ::registry_core::Backbone for $name {
            fn forward(
                &self,
                images: ::burn::tensor::Tensor<4>,
            ) -> ::std::vec::Vec<::burn::tensor::Tensor<4>> {
                ::registry_core::Backbone::forward(&self.0, images)
            }

            fn in_channels(&self) -> ::core::option::Option<usize> {
                ::registry_core::Backbone::in_channels(&self.0)
            }

            fn out_channels(&self) -> ::std::vec::Vec<usize> {
                ::registry_core::Backbone::out_channels(&self.0)
            }

            fn init_weights(
                &mut self,
                ctx: &mut ::registry_core::init::InitContext,
            ) -> ::core::result::Result<(), ::registry_core::init::InitError> {
                ::registry_core::Backbone::init_weights(&mut self.0, ctx)
            }

            fn fuse_conv_bn(&self) -> ::std::boxed::Box<dyn ::registry_core::Backbone> {
                ::std::boxed::Box::new($name(self.0.fuse_conv_bn()))
            }
        }

        impl ::core::ops::Deref for $name {
            type Target = $crate::backbones::ResNet;

            fn deref(&self) -> &$crate::backbones::ResNet {
                &self.0
            }
        }

        impl ::core::convert::From<$name> for $crate::backbones::ResNet {
            fn from(variant: $name) -> Self {
                variant.0
            }
        }
    };
}

pub(crate) use transparent_resnet;
