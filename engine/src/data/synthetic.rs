//! `SyntheticTextures`: synthetic classification data for smoke tests, chosen explicitly by a
//! config's `dataset=dict(type='SyntheticTextures', …)``: one texture per class (stripes
//! of a class-dependent orientation, period and tint) under noise, generated from a seed.

use burn::data::dataloader::batcher::Batcher;
use burn::data::dataset::{Dataset, DatasetError};
use burn::tensor::{Device, Tensor, TensorData};

use super::ClsBatch;

/// Stripe orientations: horizontal, vertical, and the two diagonals.
const ORIENTATIONS: usize = 4;
/// Stripe periods in pixels (half bright, half dark), the most distinct first.
const PERIODS: [usize; 5] = [4, 8, 6, 3, 5];
/// The darkest and brightest pixel values before noise, on the 0–255 scale of decoded images
/// (the config's `data_preprocessor` normalises them, as it would real images).
const DARK: f32 = 64.0;
const BRIGHT: f32 = 192.0;
/// Uniform noise of ± this much is added to every pixel.
const NOISE: f32 = 48.0;

/// The size of the synthetic images: channels, height, width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageShape {
    /// Channels, as the backbone's `in_channels`.
    pub channels: usize,
    /// Height in pixels.
    pub height: usize,
    /// Width in pixels.
    pub width: usize,
}

impl ImageShape {
    /// Values in one image.
    fn len(&self) -> usize {
        self.channels * self.height * self.width
    }
}

impl std::fmt::Display for ImageShape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}×{}×{}", self.channels, self.height, self.width)
    }
}

/// How many classes have a texture of their own with `channels` channels: classes beyond
/// share textures (class `c` looks like class `c % distinct_classes`).
pub fn distinct_classes(channels: usize) -> usize {
    ORIENTATIONS * PERIODS.len() * tints(channels)
}

/// Channel tints: every non-empty subset of the first three channels carries the stripes.
fn tints(channels: usize) -> usize {
    (1 << channels.min(3)) - 1
}

/// One image (`channels × height × width` values, row-major) and its class.
#[derive(Clone)]
pub struct TextureItem {
    /// The pixels.
    pub pixels: Vec<f32>,
    /// The class index.
    pub label: usize,
    /// The image's index in the set.
    pub index: usize,
}

impl std::fmt::Debug for TextureItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextureItem")
            .field("pixels", &self.pixels.len())
            .field("label", &self.label)
            .finish()
    }
}

/// `len` images whose class is `index % classes`, each drawn from `(seed, index)` alone, so the
/// set is the same whatever order it is read in.
#[derive(Debug, Clone)]
pub struct SyntheticTextures {
    shape: ImageShape,
    classes: usize,
    len: usize,
    seed: u64,
}

impl SyntheticTextures {
    /// The set of `len` images of `shape` over `classes` classes, drawn from `seed`.
    pub fn new(shape: ImageShape, classes: usize, len: usize, seed: u64) -> Self {
        Self {
            shape,
            classes,
            len,
            seed,
        }
    }

    /// `dict(type='SyntheticTextures', num_classes=4, size=64, shape=[3, 32, 32], seed=0)` at
    /// `path`; the seed defaults to `seed` (`randomness.seed`).
    pub fn from_config(
        config: &serde_json::Value,
        path: &registry_core::KeyPath,
        seed: u64,
    ) -> anyhow::Result<Self> {
        let number = |key: &str| -> anyhow::Result<Option<u64>> {
            match config.get(key) {
                None | Some(serde_json::Value::Null) => Ok(None),
                Some(value) => value.as_u64().map(Some).ok_or_else(|| {
                    anyhow::anyhow!(
                        "{}: expected a whole number, got {value}",
                        path.clone().key(key)
                    )
                }),
            }
        };
        let positive = |key: &str, default: u64| -> anyhow::Result<usize> {
            let value = number(key)?.unwrap_or(default);
            match usize::try_from(value) {
                Ok(value) if value > 0 && value <= 1 << 24 => Ok(value),
                _ => anyhow::bail!("{}: expected 1 to 2^24, got {value}", path.clone().key(key)),
            }
        };
        let shape = match config.get("shape") {
            None => [3, 32, 32],
            Some(value) => serde_json::from_value::<[usize; 3]>(value.clone())
                .ok()
                .filter(|shape| shape.iter().all(|&n| n > 0 && n <= 4096))
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "{}: expected [channels, height, width], got {value}",
                        path.clone().key("shape")
                    )
                })?,
        };
        let [channels, height, width] = shape;
        Ok(Self::new(
            ImageShape {
                channels,
                height,
                width,
            },
            positive("num_classes", 4)?,
            positive("size", 64)?,
            number("seed")?.unwrap_or(seed),
        ))
    }

    /// The images' shape.
    pub fn shape(&self) -> ImageShape {
        self.shape
    }

    /// The number of images.
    pub fn len_items(&self) -> usize {
        self.len
    }

    /// Image `index`: its class's stripes at a random phase, in noise.
    fn image(&self, index: usize) -> TextureItem {
        let ImageShape {
            channels,
            height,
            width,
        } = self.shape;
        let label = index % self.classes;
        let texture = label % distinct_classes(channels);
        let orientation = texture % ORIENTATIONS;
        let period = PERIODS[texture / ORIENTATIONS % PERIODS.len()];
        // Tint 0 puts the stripes in every channel; the others in a subset of the first three.
        let tint = texture / (ORIENTATIONS * PERIODS.len());
        let striped = |channel: usize| tint == 0 || channel >= 3 || (tint >> channel) & 1 == 1;

        let mut random = SplitMix64::new(self.seed ^ (index as u64).wrapping_mul(0x9E37_79B9));
        let phase = (random.next() % period as u64) as usize;
        let mut pixels = Vec::with_capacity(self.shape.len());
        for channel in 0..channels {
            for y in 0..height {
                for x in 0..width {
                    let coordinate = match orientation {
                        0 => y,
                        1 => x,
                        2 => x + y,
                        _ => x + height - 1 - y,
                    };
                    let bright = striped(channel) && (coordinate + phase) % period < period / 2;
                    let value = if bright { BRIGHT } else { DARK };
                    let noise = (random.unit() * 2.0 - 1.0) * NOISE;
                    pixels.push((value + noise).clamp(0.0, 255.0));
                }
            }
        }
        TextureItem {
            pixels,
            label,
            index,
        }
    }
}

impl Dataset<TextureItem> for SyntheticTextures {
    fn get(&self, index: usize) -> Result<TextureItem, DatasetError> {
        if index >= self.len {
            return Err(DatasetError::new(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("index {index} is past the {} synthetic images", self.len),
            )));
        }
        Ok(self.image(index))
    }

    fn len(&self) -> usize {
        self.len
    }
}

/// Stacks [`TextureItem`]s into an [`ClsBatch`] on the loader's device.
#[derive(Debug, Clone)]
pub struct TextureBatcher {
    shape: ImageShape,
}

impl TextureBatcher {
    /// A batcher of images of `shape`.
    pub fn new(shape: ImageShape) -> Self {
        Self { shape }
    }
}

impl Batcher<TextureItem, ClsBatch> for TextureBatcher {
    fn batch(&self, items: Vec<TextureItem>, device: &Device) -> ClsBatch {
        let ImageShape {
            channels,
            height,
            width,
        } = self.shape;
        let count = items.len();
        let mut pixels = Vec::with_capacity(count * self.shape.len());
        let mut labels = Vec::with_capacity(count);
        let mut indices = Vec::with_capacity(count);
        for item in items {
            pixels.extend_from_slice(&item.pixels);
            labels.push(item.label as i64);
            indices.push(item.index);
        }
        ClsBatch {
            images: Tensor::from_data(
                TensorData::new(pixels, [count, channels, height, width]),
                device,
            ),
            labels: Tensor::from_data(TensorData::new(labels, [count]), device),
            img_paths: indices
                .iter()
                .map(|index| format!("synthetic/{index}"))
                .collect(),
            indices,
        }
    }
}

/// A small, fast, seedable generator (SplitMix64): the data must not depend on a crate's
/// random-number algorithm staying the same.
struct SplitMix64(u64);

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform value in `[0, 1)`.
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHAPE: ImageShape = ImageShape {
        channels: 3,
        height: 8,
        width: 8,
    };

    #[test]
    fn images_depend_only_on_seed_and_index() {
        let set = SyntheticTextures::new(SHAPE, 4, 10, 7);
        let again = SyntheticTextures::new(SHAPE, 4, 10, 7);
        let other_seed = SyntheticTextures::new(SHAPE, 4, 10, 8);
        let image = set.get(5).unwrap();
        assert_eq!(image.pixels, again.get(5).unwrap().pixels);
        assert_ne!(image.pixels, other_seed.get(5).unwrap().pixels);
        assert_eq!(image.label, 1);
        assert_eq!(image.pixels.len(), 3 * 8 * 8);
        assert!(
            image
                .pixels
                .iter()
                .all(|value| (0.0..=255.0).contains(value))
        );
    }

    #[test]
    fn reading_past_the_end_is_an_error() {
        let set = SyntheticTextures::new(SHAPE, 4, 3, 0);
        assert_eq!(set.len(), 3);
        assert!(set.get(3).is_err());
    }

    #[test]
    fn distinct_textures_per_channel_count() {
        assert_eq!(distinct_classes(1), 20);
        assert_eq!(distinct_classes(3), 140);
        assert_eq!(distinct_classes(4), 140);
    }

    #[test]
    fn batches_stack_images_and_labels() {
        let set = SyntheticTextures::new(SHAPE, 3, 4, 1);
        let items = (0..4).map(|index| set.get(index).unwrap()).collect();
        let batch = TextureBatcher::new(SHAPE).batch(items, &Device::flex());
        assert_eq!(batch.images.dims(), [4, 3, 8, 8]);
        let labels = batch
            .labels
            .into_data()
            .convert::<i64>()
            .try_to_vec::<i64>();
        assert_eq!(labels.unwrap(), vec![0, 1, 2, 0]);
    }
}
