//! A registry declared by the user's crate, with a parent, filled by the same attribute;
//! `force` replaces an entry deliberately.

use registry_core::{BuildContext, BuildError, Buildable, Registry, Upcast, register_module};

pub trait Greeter: Send + Sync {
    fn greet(&self) -> String;
}

impl<T: Greeter + 'static> Upcast<T> for Box<dyn Greeter> {
    fn upcast(value: T) -> Self {
        Box::new(value)
    }
}

static GREETERS: Registry<Box<dyn Greeter>> = Registry::new("GREETERS");
static LOCAL_GREETERS: Registry<Box<dyn Greeter>> = Registry::with_parent("LOCAL", &GREETERS);

#[derive(serde::Deserialize, schemars::JsonSchema)]
pub struct HelloConfig {
    #[serde(default)]
    name: String,
}

#[register_module(GREETERS)]
pub struct Hello(String);

impl Buildable for Hello {
    type Config = HelloConfig;
    fn build(config: HelloConfig, _: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(Hello(config.name))
    }
}

impl Greeter for Hello {
    fn greet(&self) -> String {
        format!("hello {}", self.0)
    }
}

#[register_module(GREETERS, name = "Hello", force = true)]
pub struct LoudHello(String);

impl Buildable for LoudHello {
    type Config = HelloConfig;
    fn build(config: HelloConfig, _: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(LoudHello(config.name))
    }
}

impl Greeter for LoudHello {
    fn greet(&self) -> String {
        format!("HELLO {}", self.0.to_uppercase())
    }
}

fn main() {
    let config = serde_json::json!({"type": "Hello", "name": "burn"});
    assert_eq!(LOCAL_GREETERS.build(&config).unwrap().greet(), "HELLO BURN");
}
