//! [`ScalarsLog`]: mmengine's `vis_data/scalars.json`, one JSON object per line
//! (`{"lr": 0.1, "loss": 2.3, "epoch": 1, "iter": 10, "step": 10}` while training,
//! `{"accuracy/top1": 35.5, "step": 1}` after validation), in `work_dir/<timestamp>/`.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use serde_json::{Map, Value};

/// The scalars file of a run, shared by the renderer's copies.
#[derive(Clone)]
pub struct ScalarsLog {
    file: Arc<Mutex<BufWriter<File>>>,
    path: PathBuf,
}

impl ScalarsLog {
    /// Creates `work_dir/<YYYYmmdd_HHMMSS>/vis_data/scalars.json`, as mmengine names it.
    pub fn create(work_dir: &Path) -> anyhow::Result<Self> {
        let dir = work_dir.join(timestamp(SystemTime::now())).join("vis_data");
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let path = dir.join("scalars.json");
        let file =
            File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Self {
            file: Arc::new(Mutex::new(BufWriter::new(file))),
            path,
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line; a write error is reported once on stderr, not fatal to training.
    pub fn write(&self, entry: Map<String, Value>) {
        let mut file = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        let line = Value::Object(entry).to_string();
        if let Err(error) = writeln!(file, "{line}").and_then(|()| file.flush()) {
            eprintln!("warning: cannot write {}: {error}", self.path.display());
        }
    }
}

/// `YYYYmmdd_HHMMSS` in UTC, as mmengine's run directories.
pub fn timestamp(now: SystemTime) -> String {
    let secs = now
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}{month:02}{day:02}_{:02}{:02}{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn timestamps_as_mmengine() {
        assert_eq!(timestamp(UNIX_EPOCH), "19700101_000000");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400 + 3661);
        assert_eq!(timestamp(leap), "20000229_010101");
    }
}
