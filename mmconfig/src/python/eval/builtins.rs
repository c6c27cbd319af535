//! Calls of the builtins a config may use, and of the helper `copy` module's functions.
//! All of them are pure: they only build new values from their arguments.

use crate::error::ConfigErrorKind;
use crate::node::{Dict, Node, NodeValue, describe};
use crate::python::number::{float_of_str, int_of_str};

use super::super::ast::{Expr, Keyword};
use super::compare::truthy;
use super::{Evaluator, Result};

/// Evaluated keyword arguments, in order.
type Keywords = Vec<(String, Node)>;

impl Evaluator<'_> {
    pub(super) fn call(
        &mut self,
        func: &str,
        args: &[Expr],
        kwargs: &[Keyword],
        offset: usize,
    ) -> Result<Node> {
        if let Some((module, _)) = func.split_once('.') {
            return self.helper_call(module, func, args, kwargs, offset);
        }
        let values = self.items(args)?;
        let mut keywords = Keywords::new();
        for keyword in kwargs {
            let entries: Vec<(String, Node)> = match &keyword.name {
                Some(name) => vec![(name.clone(), self.eval(&keyword.value)?)],
                None => self.mapping(&keyword.value)?.into_iter().collect(),
            };
            for (name, value) in entries {
                if keywords.iter().any(|(k, _)| *k == name) {
                    return Err(self.value_error(
                        keyword.value.offset,
                        format!("`{func}()` got multiple values for keyword argument `{name}`"),
                    ));
                }
                keywords.push((name, value));
            }
        }
        if func == "dict" {
            return self.dict_call(values, keywords, offset);
        }
        let allowed: &[&str] = match func {
            "sorted" => &["reverse"],
            "enumerate" | "sum" => &["start"],
            "round" => &["ndigits"],
            _ => &[],
        };
        if let Some((name, _)) = keywords
            .iter()
            .find(|(k, _)| !allowed.contains(&k.as_str()))
        {
            return Err(self.error(
                offset,
                ConfigErrorKind::Unsupported(format!("keyword argument `{name}` to `{func}()`")),
            ));
        }
        self.builtin(func, values, keywords, offset)
    }

    /// `copy.deepcopy(x)` or `copy.copy(x)`: values are plain data, so the copy is the value.
    fn helper_call(
        &mut self,
        module: &str,
        func: &str,
        args: &[Expr],
        kwargs: &[Keyword],
        offset: usize,
    ) -> Result<Node> {
        if !self.imports.iter().any(|m| m == module) || self.vars.contains_key(module) {
            return Err(self.error(offset, ConfigErrorKind::UndefinedName(module.to_owned())));
        }
        match (args, kwargs) {
            ([arg], []) if !matches!(arg.kind, super::ExprKind::Starred(_)) => {
                let mark = self.sharing_mark();
                let value = self.eval(arg)?;
                if func == "copy.deepcopy" {
                    self.forget_references(mark);
                }
                Ok(value)
            }
            _ => Err(self.value_error(
                offset,
                format!("`{func}()` takes exactly one argument here"),
            )),
        }
    }

    /// `dict(mapping_or_pairs, **kwargs)`.
    fn dict_call(&mut self, values: Vec<Node>, keywords: Keywords, offset: usize) -> Result<Node> {
        let mut dict = Dict::new();
        match <[Node; 1]>::try_from(values) {
            Ok([value]) => match value.into_kind() {
                NodeValue::Dict(entries) => dict = entries,
                NodeValue::List(pairs) => {
                    for pair in pairs {
                        let (kind, _) = pair.into_parts();
                        let NodeValue::List(two) = kind else {
                            return Err(self.value_error(offset, "`dict()` needs key-value pairs"));
                        };
                        let Ok([key, value]) = <[Node; 2]>::try_from(two) else {
                            return Err(
                                self.value_error(offset, "`dict()` needs pairs of two items")
                            );
                        };
                        dict.insert(self.key(key, offset)?, value);
                    }
                }
                other => {
                    return Err(self.value_error(
                        offset,
                        format!("`dict()` of {} is not supported", describe(&other)),
                    ));
                }
            },
            Err(values) if values.is_empty() => {}
            Err(values) => {
                return Err(self.value_error(
                    offset,
                    format!(
                        "`dict()` takes at most 1 positional argument ({} given)",
                        values.len()
                    ),
                ));
            }
        }
        dict.extend(keywords);
        self.charge(1, offset)?;
        self.container(Node::dict(dict, Some(self.position(offset))), offset)
    }

    fn builtin(
        &mut self,
        func: &str,
        mut values: Vec<Node>,
        keywords: Keywords,
        offset: usize,
    ) -> Result<Node> {
        // Keyword arguments are the optional last positional ones (`sorted`'s `reverse` too).
        for (_, value) in keywords {
            values.push(value);
        }
        let arity = match func {
            "list" | "tuple" | "str" => 0..=1,
            "range" => 1..=3,
            "min" | "max" | "zip" => 0..=usize::MAX,
            "sum" | "sorted" | "enumerate" | "round" => 1..=2,
            _ => 1..=1,
        };
        if !arity.contains(&values.len()) {
            return Err(self.value_error(
                offset,
                format!(
                    "`{func}()` takes {arity:?} arguments here, got {}",
                    values.len()
                ),
            ));
        }
        match func {
            "list" | "tuple" => {
                let items = match values.pop() {
                    Some(value) => self.iterate(value, offset)?,
                    None => Vec::new(),
                };
                self.list(items, offset)
            }
            "len" => {
                let len = match values.pop().map(Node::into_kind) {
                    Some(NodeValue::List(items)) => items.len(),
                    Some(NodeValue::Dict(entries)) => entries.len(),
                    Some(NodeValue::Str(text)) => text.chars().count(),
                    other => return Err(self.bad_argument(func, other, offset)),
                };
                self.int(len as i128, offset)
            }
            "range" => self.range(values, offset),
            "min" | "max" => self.extreme(func == "max", values, offset),
            "sum" => self.sum(values, offset),
            "sorted" => self.sorted(values, offset),
            "zip" => self.zip(values, offset),
            "enumerate" => self.enumerate(values, offset),
            "str" if values.is_empty() => self.scalar(NodeValue::Str(String::new()), offset),
            _ => {
                let digits = if values.len() == 2 {
                    values.pop()
                } else {
                    None
                };
                let value = values.swap_remove(0);
                self.convert(func, value, digits, offset)
            }
        }
    }

    /// The one-argument builtins: `int`, `float`, `str`, `bool`, `abs`, `round`.
    fn convert(
        &mut self,
        func: &str,
        value: Node,
        digits: Option<Node>,
        offset: usize,
    ) -> Result<Node> {
        if func == "str" {
            let text = self.text_of(&value, false, offset)?;
            return self.scalar(NodeValue::Str(text), offset);
        }
        if func == "bool" {
            return self.scalar(NodeValue::Bool(truthy(value.kind())), offset);
        }
        if let Some(digits) = digits {
            return self.round_to(value, digits, offset);
        }
        match (func, value.into_kind()) {
            ("round" | "int", NodeValue::Int(i)) => self.int(i, offset),
            ("round" | "int" | "abs", NodeValue::Bool(b)) => self.int(i128::from(b), offset),
            ("round", NodeValue::Float(x)) => self.float_to_int(x.round_ties_even(), offset),
            ("int", NodeValue::Float(x)) => self.float_to_int(x.trunc(), offset),
            ("int", NodeValue::Str(text)) => match int_of_str(text.trim()) {
                Some(i) => self.int(i, offset),
                None => {
                    Err(self.value_error(offset, format!("invalid literal for `int()`: '{text}'")))
                }
            },
            ("float", NodeValue::Int(i)) => self.float(i as f64, offset),
            ("float", NodeValue::Float(x)) => self.float(x, offset),
            ("float", NodeValue::Bool(b)) => self.float(f64::from(u8::from(b)), offset),
            ("float", NodeValue::Str(text)) => match float_of_str(text.trim()) {
                Some(x) if !x.is_finite() => Err(self.value_error(
                    offset,
                    format!(
                        "`float('{text}')` is not finite: infinite and NaN values cannot be stored"
                    ),
                )),
                Some(x) => self.float(x, offset),
                None => Err(self.value_error(
                    offset,
                    format!("could not convert string to float: '{text}'"),
                )),
            },
            ("abs", NodeValue::Int(i)) => self.int(i.abs(), offset),
            ("abs", NodeValue::Float(x)) => self.float(x.abs(), offset),
            (_, other) => Err(self.bad_argument(func, Some(other), offset)),
        }
    }

    /// `round(x, ndigits)`.
    fn round_to(&mut self, value: Node, digits: Node, offset: usize) -> Result<Node> {
        let NodeValue::Int(n) = *digits.kind() else {
            return Err(self.bad_argument("round", Some(digits.into_kind()), offset));
        };
        match value.into_kind() {
            NodeValue::Int(i) if n >= 0 => self.int(i, offset),
            NodeValue::Float(x) if (0..=17).contains(&n) => {
                let text = format!("{x:.*}", usize::try_from(n).unwrap_or(0));
                self.float(text.parse().unwrap_or(x), offset)
            }
            other => Err(self.error(
                offset,
                ConfigErrorKind::Unsupported(format!(
                    "`round()` of {} to {n} digits",
                    describe(&other)
                )),
            )),
        }
    }

    pub(super) fn bad_argument(
        &self,
        func: &str,
        value: Option<NodeValue>,
        offset: usize,
    ) -> crate::error::ConfigError {
        let what = value.as_ref().map_or("nothing", describe);
        self.value_error(offset, format!("`{func}()` of {what} is not supported"))
    }

    fn float_to_int(&mut self, x: f64, offset: usize) -> Result<Node> {
        // Below 1e20 the conversion is exact; `int` then checks the 64-bit range.
        if x.abs() < 1e20 {
            self.int(x as i128, offset)
        } else {
            Err(self.value_error(offset, format!("{x} does not fit a 64-bit integer")))
        }
    }
}
