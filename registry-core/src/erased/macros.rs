//! [`erased_module!`](crate::erased_module): `Module` for `Box<dyn Trait>`.

/// Makes `Box<dyn Trait>` a full Burn module, for a trait declared with
/// `DynModule<ComponentKind>` as supertrait; declares the `ComponentKind` marker and lets every implementor be
/// boxed into it (and registered in a registry of `Box<dyn Trait>`).
///
/// See [the module docs](crate::erased) for an example.
#[macro_export]
macro_rules! erased_module {
    (dyn $trait:ident, kind = $kind:ident) => {
        #[doc = concat!("The [`ComponentKind`](", stringify!($crate), "::erased::ComponentKind) of `dyn ", stringify!($trait), "`.")]
        #[derive(Debug)]
        pub enum $kind {}

        impl $crate::erased::ComponentKind for $kind {
            type Dyn = dyn $trait;
        }

        impl<T: $trait + 'static> $crate::Upcast<T> for ::std::boxed::Box<dyn $trait> {
            fn upcast(value: T) -> Self {
                ::std::boxed::Box::new(value)
            }
        }

        impl ::core::clone::Clone for ::std::boxed::Box<dyn $trait> {
            fn clone(&self) -> Self {
                $crate::erased::DynModule::<$kind>::clone_dyn(&**self)
            }
        }

        impl $crate::__private::burn::module::Module for ::std::boxed::Box<dyn $trait> {
            fn visit<V: $crate::__private::burn::module::ModuleVisitor>(&self, visitor: &mut V) {
                $crate::erased::DynModule::<$kind>::visit_dyn(
                    &**self,
                    &mut $crate::erased::VisitorToDyn(visitor),
                )
            }

            fn map<M: $crate::__private::burn::module::ModuleMapper>(self, mapper: &mut M) -> Self {
                $crate::erased::DynModule::<$kind>::map_dyn(
                    self,
                    &mut $crate::erased::MapperToDyn(mapper),
                )
            }

            fn collect_devices(
                &self,
                devices: $crate::__private::burn::module::Devices,
            ) -> $crate::__private::burn::module::Devices {
                $crate::erased::DynModule::<$kind>::collect_devices_dyn(&**self, devices)
            }

            fn to_device(self, device: &$crate::__private::burn::tensor::Device) -> Self {
                $crate::erased::DynModule::<$kind>::to_device_dyn(self, device)
            }

            fn fork(self, device: &$crate::__private::burn::tensor::Device) -> Self {
                $crate::erased::DynModule::<$kind>::fork_dyn(self, device)
            }

            fn valid(&self) -> Self {
                $crate::erased::DynModule::<$kind>::valid_dyn(&**self)
            }

            fn train(self) -> Self {
                $crate::erased::DynModule::<$kind>::train_dyn(self)
            }

            fn materialize(self) -> Self {
                $crate::erased::DynModule::<$kind>::materialize_dyn(self)
            }

            fn num_params(&self) -> usize {
                $crate::erased::DynModule::<$kind>::num_params_dyn(&**self)
            }
        }

        impl $crate::__private::burn::module::ModuleDisplayDefault for ::std::boxed::Box<dyn $trait> {
            fn content(
                &self,
                content: $crate::__private::burn::module::Content,
            ) -> ::core::option::Option<$crate::__private::burn::module::Content> {
                $crate::erased::DynModule::<$kind>::content_dyn(&**self, content)
            }

            fn num_params(&self) -> usize {
                $crate::erased::DynModule::<$kind>::num_params_dyn(&**self)
            }
        }

        impl $crate::__private::burn::module::ModuleDisplay for ::std::boxed::Box<dyn $trait> {
            fn format(
                &self,
                settings: $crate::__private::burn::module::DisplaySettings,
            ) -> ::std::string::String {
                $crate::erased::DynModule::<$kind>::format_dyn(&**self, settings)
            }
        }
    };
}
