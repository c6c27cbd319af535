//! A pickle reader for data files (CIFAR's batches): it interprets the opcodes of plain
//! containers and numpy arrays as data, and refuses every other global. Nothing is executed.

use std::collections::HashMap;

/// A value read from a pickle.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `None`.
    None,
    /// `True`/`False`.
    Bool(bool),
    /// An integer that fits in `i64`.
    Int(i64),
    /// A float.
    Float(f64),
    /// A text string.
    Str(String),
    /// Bytes (and Python 2 `str`, as read with `encoding='latin1'`).
    Bytes(Vec<u8>),
    /// A list.
    List(Vec<Value>),
    /// A tuple.
    Tuple(Vec<Value>),
    /// A dict, in insertion order.
    Dict(Vec<(Value, Value)>),
    /// A numpy array: dtype string (`u1`, `<i8`, …), shape, raw bytes in C order.
    Array {
        dtype: String,
        shape: Vec<usize>,
        data: Vec<u8>,
    },
    /// A numpy dtype.
    Dtype(String),
    /// One of the allowed callables, before it is called.
    Global(Global),
}

/// The only globals a data pickle may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Global {
    /// `numpy.core.multiarray._reconstruct`: an empty array, filled by `BUILD`.
    Reconstruct,
    /// `numpy.ndarray`, as `_reconstruct`'s argument.
    NdArray,
    /// `numpy.dtype`.
    Dtype,
    /// `_codecs.encode(text, 'latin1')`: Python 3's protocol-2 form of bytes.
    Encode,
    /// `numpy.core.numeric._frombuffer(bytes, dtype, shape, order)` (protocol 5).
    FromBuffer,
}

impl Value {
    /// The text of a `Str` or latin-1 `Bytes`.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::Str(s) => Some(s.clone()),
            Value::Bytes(b) => Some(b.iter().map(|&c| c as char).collect()),
            _ => None,
        }
    }

    /// The value under the text key `key` of a dict.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Dict(items) => items
                .iter()
                .find(|(k, _)| k.as_text().as_deref() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Reads one pickled value from `bytes`; the error says what was refused or malformed.
pub fn read(bytes: &[u8]) -> Result<Value, String> {
    Machine {
        bytes,
        at: 0,
        stack: Vec::new(),
        marks: Vec::new(),
        memo: HashMap::new(),
    }
    .run()
}

struct Machine<'a> {
    bytes: &'a [u8],
    at: usize,
    stack: Vec<Value>,
    marks: Vec<usize>,
    memo: HashMap<u32, Value>,
}

impl Machine<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| {
                format!(
                    "truncated: {n} bytes wanted at offset {} of {}",
                    self.at,
                    self.bytes.len()
                )
            })?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn uint(&mut self, n: usize) -> Result<usize, String> {
        let b = self.take(n)?;
        Ok(b.iter().rev().fold(0u64, |acc, &x| (acc << 8) | x as u64) as usize)
    }

    fn line(&mut self) -> Result<String, String> {
        let rest = &self.bytes[self.at..];
        let n = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or("truncated: unterminated line")?;
        let text = String::from_utf8_lossy(&rest[..n]).into_owned();
        self.at += n + 1;
        Ok(text)
    }

    fn pop(&mut self) -> Result<Value, String> {
        self.stack
            .pop()
            .ok_or_else(|| "malformed: the stack is empty".to_owned())
    }

    fn pop_mark(&mut self) -> Result<Vec<Value>, String> {
        let mark = self.marks.pop().ok_or("malformed: no mark")?;
        if mark > self.stack.len() {
            return Err("malformed: mark above the stack".into());
        }
        Ok(self.stack.split_off(mark))
    }

    fn top(&mut self) -> Result<&mut Value, String> {
        self.stack
            .last_mut()
            .ok_or_else(|| "malformed: the stack is empty".to_owned())
    }

    fn run(mut self) -> Result<Value, String> {
        loop {
            let offset = self.at;
            let op = self.take(1)?[0];
            match op {
                b'.' => return self.pop(),
                _ => self
                    .step(op)
                    .map_err(|e| format!("{e} (opcode 0x{op:02x} at offset {offset})"))?,
            }
        }
    }

    fn step(&mut self, op: u8) -> Result<(), String> {
        let value = match op {
            0x80 => return self.take(1).map(drop),
            0x95 => return self.take(8).map(drop),
            b'(' => {
                self.marks.push(self.stack.len());
                return Ok(());
            }
            b'}' => Value::Dict(Vec::new()),
            b']' => Value::List(Vec::new()),
            b')' => Value::Tuple(Vec::new()),
            b't' => Value::Tuple(self.pop_mark()?),
            0x85..=0x87 => {
                let n = (op - 0x84) as usize;
                let at = self
                    .stack
                    .len()
                    .checked_sub(n)
                    .ok_or("malformed: short stack")?;
                Value::Tuple(self.stack.split_off(at))
            }
            b'q' | b'r' | 0x94 => {
                let key = match op {
                    b'q' => self.uint(1)?,
                    b'r' => self.uint(4)?,
                    _ => self.memo.len(),
                } as u32;
                let top = self.top()?.clone();
                self.memo.insert(key, top);
                return Ok(());
            }
            b'h' | b'j' => {
                let key = if op == b'h' {
                    self.uint(1)?
                } else {
                    self.uint(4)?
                } as u32;
                self.memo
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| format!("malformed: memo {key} unset"))?
            }
            b's' | b'u' => return self.set_items(op == b's'),
            b'a' | b'e' => return self.append(op == b'a'),
            b'c' => {
                let module = self.line()?;
                let name = self.line()?;
                Value::Global(global(&module, &name)?)
            }
            0x93 => {
                let (name, module) = (self.pop()?, self.pop()?);
                match (module.as_text(), name.as_text()) {
                    (Some(m), Some(n)) => Value::Global(global(&m, &n)?),
                    _ => return Err("malformed: STACK_GLOBAL without names".into()),
                }
            }
            b'R' => {
                let args = self.pop()?;
                let callable = self.pop()?;
                reduce(callable, args)?
            }
            b'b' => {
                let state = self.pop()?;
                let target = self.top()?;
                return build(target, state);
            }
            _ => self.literal(op)?,
        };
        self.stack.push(value);
        Ok(())
    }

    /// The opcodes of plain values: None, booleans, numbers, text and bytes.
    fn literal(&mut self, op: u8) -> Result<Value, String> {
        Ok(match op {
            b'N' => Value::None,
            0x88 => Value::Bool(true),
            0x89 => Value::Bool(false),
            b'K' => Value::Int(self.uint(1)? as i64),
            b'M' => Value::Int(self.uint(2)? as i64),
            b'J' => Value::Int(self.uint(4)? as u32 as i32 as i64),
            0x8a => self.long()?,
            b'G' => Value::Float(f64::from_be_bytes(
                self.take(8)?.try_into().map_err(|_| "bad float")?,
            )),
            b'X' | 0x8c | 0x8d => {
                let n = match op {
                    b'X' => 4,
                    0x8c => 1,
                    _ => 8,
                };
                let len = self.uint(n)?;
                Value::Str(
                    String::from_utf8(self.take(len)?.to_vec())
                        .map_err(|_| "malformed: invalid UTF-8")?,
                )
            }
            b'T' | b'U' | b'B' | b'C' | 0x8e | 0x96 => {
                let n = match op {
                    b'T' | b'B' => 4,
                    b'U' | b'C' => 1,
                    _ => 8,
                };
                let len = self.uint(n)?;
                Value::Bytes(self.take(len)?.to_vec())
            }
            _ => {
                return Err(
                    "unsupported opcode: this reader takes only plain data and numpy arrays".into(),
                );
            }
        })
    }

    fn long(&mut self) -> Result<Value, String> {
        let n = self.uint(1)?;
        let b = self.take(n)?;
        if n > 8 {
            return Err("integer too large".into());
        }
        let negative = b.last().is_some_and(|&x| x & 0x80 != 0);
        let fill = if negative { 0xff } else { 0 };
        let mut word = [fill; 8];
        word[..n].copy_from_slice(b);
        Ok(Value::Int(i64::from_le_bytes(word)))
    }

    fn set_items(&mut self, one: bool) -> Result<(), String> {
        let items = if one {
            let v = self.pop()?;
            let k = self.pop()?;
            vec![k, v]
        } else {
            self.pop_mark()?
        };
        if items.len() % 2 != 0 {
            return Err("malformed: odd number of dict items".into());
        }
        let Value::Dict(dict) = self.top()? else {
            return Err("malformed: SETITEM on a non-dict".into());
        };
        let mut items = items.into_iter();
        while let (Some(k), Some(v)) = (items.next(), items.next()) {
            dict.push((k, v));
        }
        Ok(())
    }

    fn append(&mut self, one: bool) -> Result<(), String> {
        let items = if one {
            vec![self.pop()?]
        } else {
            self.pop_mark()?
        };
        let Value::List(list) = self.top()? else {
            return Err("malformed: APPEND on a non-list".into());
        };
        list.extend(items);
        Ok(())
    }
}

/// The allowed globals; anything else (`os.system`, `builtins.eval`, …) is refused.
fn global(module: &str, name: &str) -> Result<Global, String> {
    match (module, name) {
        ("numpy.core.multiarray" | "numpy._core.multiarray", "_reconstruct") => {
            Ok(Global::Reconstruct)
        }
        ("numpy", "ndarray") => Ok(Global::NdArray),
        ("numpy", "dtype") => Ok(Global::Dtype),
        ("_codecs", "encode") => Ok(Global::Encode),
        ("numpy.core.numeric" | "numpy._core.numeric", "_frombuffer") => Ok(Global::FromBuffer),
        _ => Err(format!(
            "refusing global `{module}.{name}`: only numpy arrays and plain data are read, nothing is executed"
        )),
    }
}

/// Applies an allowed callable to its arguments, as data.
fn reduce(callable: Value, args: Value) -> Result<Value, String> {
    let Value::Tuple(args) = args else {
        return Err("malformed: REDUCE arguments are not a tuple".into());
    };
    match (callable, args.as_slice()) {
        (Value::Global(Global::Reconstruct), [Value::Global(Global::NdArray), ..]) => {
            Ok(Value::Array {
                dtype: String::new(),
                shape: Vec::new(),
                data: Vec::new(),
            })
        }
        (Value::Global(Global::Dtype), [name, ..]) => {
            Ok(Value::Dtype(name.as_text().ok_or("malformed dtype")?))
        }
        (Value::Global(Global::Encode), [Value::Str(text), ..]) => text
            .chars()
            .map(|c| u8::try_from(c as u32).map_err(|_| "non-latin-1 text".to_owned()))
            .collect::<Result<_, _>>()
            .map(Value::Bytes),
        (
            Value::Global(Global::FromBuffer),
            [
                Value::Bytes(data),
                Value::Dtype(dtype),
                Value::Tuple(shape),
                _,
            ],
        ) => Ok(Value::Array {
            dtype: dtype.clone(),
            shape: dims(shape)?,
            data: data.clone(),
        }),
        (callable, _) => Err(format!(
            "malformed: cannot call {callable:?} with these arguments"
        )),
    }
}

/// `BUILD`: a dtype's state (ignored but for byte order) or an array's
/// `(version, shape, dtype, fortran, raw)`.
fn build(target: &mut Value, state: Value) -> Result<(), String> {
    match (target, state) {
        (Value::Dtype(_), _) => Ok(()),
        (Value::Array { dtype, shape, data }, Value::Tuple(state)) if state.len() == 5 => {
            let [_, Value::Tuple(dims_), Value::Dtype(kind), fortran, raw] = &state[..] else {
                return Err("malformed array state".into());
            };
            if *fortran == Value::Bool(true) {
                return Err("Fortran-ordered arrays are not supported".into());
            }
            let raw = match raw {
                Value::Bytes(b) => b.clone(),
                Value::Str(s) => s.chars().map(|c| c as u32 as u8).collect(),
                _ => return Err("array data is not bytes (object arrays are refused)".into()),
            };
            (*dtype, *shape, *data) = (kind.clone(), dims(dims_)?, raw);
            Ok(())
        }
        _ => Err("BUILD is only allowed on numpy arrays and dtypes".into()),
    }
}

fn dims(values: &[Value]) -> Result<Vec<usize>, String> {
    values
        .iter()
        .map(|v| match v {
            Value::Int(n) if *n >= 0 => Ok(*n as usize),
            _ => Err("malformed array shape".to_owned()),
        })
        .collect()
}
