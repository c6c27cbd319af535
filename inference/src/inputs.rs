//! The images named on a command line: files as given, folders walked for image files.

use std::path::{Path, PathBuf};

use crate::error::InferenceError;

/// The file extensions taken from folders: mmpretrain's `IMG_EXTENSIONS` and `tiff`, any case.
pub const IMAGE_EXTENSIONS: [&str; 8] = ["jpg", "jpeg", "png", "ppm", "bmp", "pgm", "tif", "tiff"];

/// The image files of `inputs`, in their order: a file is taken as it is (whatever its
/// extension: reading it says whether it is an image); a folder gives its files with an
/// image extension, recursively, sorted.
///
/// A path that does not exist, a folder that cannot be read and a folder without images are
/// errors naming the path.
///
/// ```
/// # let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("b.png"), b"")?;
/// std::fs::write(dir.path().join("a.jpg"), b"")?;
/// std::fs::write(dir.path().join("notes.txt"), b"")?;
/// let images = inference::collect_images(&[dir.path()])?;
/// assert_eq!(images, [dir.path().join("a.jpg"), dir.path().join("b.png")]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn collect_images(inputs: &[impl AsRef<Path>]) -> Result<Vec<PathBuf>, InferenceError> {
    let mut images = Vec::new();
    for input in inputs {
        let input = input.as_ref();
        if input.is_dir() {
            let before = images.len();
            walk(input, &mut images)?;
            images[before..].sort();
            if images.len() == before {
                let extensions = IMAGE_EXTENSIONS.map(|e| format!(".{e}")).join(", ");
                return Err(InferenceError::input(
                    input,
                    format!("the folder has no images (files ending in {extensions})"),
                ));
            }
        } else if input.exists() {
            images.push(input.to_owned());
        } else {
            return Err(InferenceError::input(input, "no such file or folder"));
        }
    }
    Ok(images)
}

/// Appends the image files under `dir`, recursively.
fn walk(dir: &Path, images: &mut Vec<PathBuf>) -> Result<(), InferenceError> {
    let error =
        |e: std::io::Error| InferenceError::input(dir, format!("cannot read the folder: {e}"));
    for entry in std::fs::read_dir(dir).map_err(error)? {
        let path = entry.map_err(error)?.path();
        if path.is_dir() {
            walk(&path, images)?;
        } else if has_image_extension(&path) {
            images.push(path);
        }
    }
    Ok(())
}

/// Whether `path` ends in one of [`IMAGE_EXTENSIONS`], any case.
fn has_image_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        IMAGE_EXTENSIONS
            .iter()
            .any(|known| known.eq_ignore_ascii_case(e))
    })
}
