//! [`Epilogue`]: what is applied to each output value while its tile is still in cache.

/// The element-wise work after a convolution, fused into it: a per-channel `scale` and `shift`
/// (a bias, or an eval-mode BatchNorm), then a `residual` add, then ReLU — in that order, as a
/// ResNet block runs them.
///
/// ```
/// use flex_conv::Epilogue;
///
/// let shift = [0.5f32, -1.0];
/// let epilogue = Epilogue { shift: Some(&shift), relu: true, ..Epilogue::default() };
/// assert!(epilogue.relu && epilogue.scale.is_none());
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Epilogue<'a> {
    /// Multiplies output channel `c` by `scale[c]`.
    pub scale: Option<&'a [f32]>,
    /// Adds `shift[c]` to output channel `c` (after `scale`).
    pub shift: Option<&'a [f32]>,
    /// Added element-wise; laid out as the output (`[batch, out_channels, height, width]`).
    pub residual: Option<&'a [f32]>,
    /// `max(0, ·)` last.
    pub relu: bool,
}

impl Epilogue<'_> {
    /// True when there is nothing to apply.
    pub(crate) fn is_identity(&self) -> bool {
        self.scale.is_none() && self.shift.is_none() && self.residual.is_none() && !self.relu
    }

    /// Applies the epilogue to `row`, output channel `channel`'s values; `residual` is the
    /// matching slice of [`Self::residual`].
    pub(crate) fn apply(&self, channel: usize, row: &mut [f32], residual: Option<&[f32]>) {
        let scale = self.scale.map_or(1.0, |scale| scale[channel]);
        let shift = self.shift.map_or(0.0, |shift| shift[channel]);
        let floor = if self.relu { 0.0 } else { f32::NEG_INFINITY };
        match residual {
            Some(residual) => {
                for (value, &add) in row.iter_mut().zip(residual) {
                    *value = (*value * scale + shift + add).max(floor);
                }
            }
            None => {
                for value in row.iter_mut() {
                    *value = (*value * scale + shift).max(floor);
                }
            }
        }
    }
}
