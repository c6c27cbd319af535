//! A registry of plain (non-Burn) things, defined in this crate, to exercise the registry
//! machinery exactly as a user's own registry would.

use registry_core::{BuildContext, BuildError, Buildable, Registry, Upcast, register_module};
use serde::Deserialize;
use serde_json::Value;

/// Something built from a config, describing itself.
pub trait Thing: Send + Sync {
    fn describe(&self) -> String;
}

impl std::fmt::Debug for dyn Thing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl<T: Thing + 'static> Upcast<T> for Box<dyn Thing> {
    fn upcast(value: T) -> Self {
        Box::new(value)
    }
}

/// The registry of things, as a user crate declares its own.
pub static THINGS: Registry<Box<dyn Thing>> = Registry::new("THINGS");

/// A child registry: finds its own entries first, then THINGS'.
pub static LOCAL_THINGS: Registry<Box<dyn Thing>> = Registry::with_parent("LOCAL_THINGS", &THINGS);

/// A number, with a unit.
///
/// More doc lines are not part of the entry's summary.
#[register_module(THINGS, aliases = ["Num", "N"])]
pub struct Number {
    value: i64,
    unit: String,
}

#[derive(Deserialize, schemars::JsonSchema)]
pub struct NumberConfig {
    value: i64,
    #[serde(default = "default_unit")]
    unit: String,
}

fn default_unit() -> String {
    "m".into()
}

impl Buildable for Number {
    type Config = NumberConfig;

    fn build(config: NumberConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        if config.value < 0 {
            return Err(ctx.invalid(
                "value",
                format!("expected a non-negative value, got {}", config.value),
            ));
        }
        Ok(Number {
            value: config.value,
            unit: config.unit,
        })
    }
}

impl Thing for Number {
    fn describe(&self) -> String {
        format!("{}{}", self.value, self.unit)
    }
}

/// Two things, built from nested configs.
#[register_module(THINGS, name = "Pair")]
pub struct PairOfThings {
    left: Box<dyn Thing>,
    right: Box<dyn Thing>,
}

#[derive(Deserialize, schemars::JsonSchema)]
pub struct PairConfig {
    #[schemars(extend("x-registry" = "THINGS"))]
    left: Value,
    #[schemars(extend("x-registry" = "THINGS"))]
    right: Value,
}

impl Buildable for PairOfThings {
    type Config = PairConfig;

    fn build(config: PairConfig, ctx: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(PairOfThings {
            left: ctx.build(&THINGS, "left", &config.left)?,
            right: ctx.build(&THINGS, "right", &config.right)?,
        })
    }
}

impl Thing for PairOfThings {
    fn describe(&self) -> String {
        format!("({}, {})", self.left.describe(), self.right.describe())
    }
}

/// A thing that only LOCAL_THINGS holds.
#[register_module(LOCAL_THINGS)]
pub struct Local;

#[derive(Deserialize, schemars::JsonSchema)]
pub struct Empty {}

impl Buildable for Local {
    type Config = Empty;

    fn build(_: Empty, _: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(Local)
    }
}

impl Thing for Local {
    fn describe(&self) -> String {
        "local".into()
    }
}

/// A thing registered at run time by the tests, under any name and scope.
pub struct Named(pub &'static str);

impl Buildable for Named {
    type Config = Empty;

    fn build(_: Empty, _: &mut BuildContext) -> Result<Self, BuildError> {
        Ok(Named("named"))
    }
}

impl Thing for Named {
    fn describe(&self) -> String {
        self.0.to_owned()
    }
}

/// Builds `config` in THINGS and describes it.
pub fn describe(config: Value) -> String {
    match THINGS.build(&config) {
        Ok(thing) => thing.describe(),
        Err(error) => panic!("{config} did not build: {error}"),
    }
}

/// The error of building `config` in THINGS, as displayed.
pub fn error(config: Value) -> String {
    match THINGS.build(&config) {
        Ok(thing) => panic!("{config} built {}", thing.describe()),
        Err(error) => error.to_string(),
    }
}
