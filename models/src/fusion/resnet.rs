//! Fusion of the ResNet family's parts: stems, downsamples, and the backbone itself.

use crate::backbones::{ConvModule, Downsample, ResNet};

use super::fold::fuse;

impl ConvModule {
    /// This `ConvModule` with its BatchNorm folded into its convolution.
    pub fn fuse_conv_bn(&self) -> ConvModule {
        let mut fused = self.clone();
        if let Some(norm) = &self.bn {
            let (conv, norm) = fuse(&self.conv, &**norm);
            fused.conv = conv;
            fused.bn = Some(norm);
        }
        fused
    }
}

impl Downsample {
    /// This downsample with its BatchNorm folded into its convolution.
    pub fn fuse_conv_bn(&self) -> Downsample {
        let (conv, bn) = fuse(&self.conv, &*self.bn);
        Downsample {
            conv,
            bn,
            ..self.clone()
        }
    }
}

impl ResNet {
    /// This backbone with every BatchNorm folded into the convolution before it: the stem's,
    /// then each block's.
    pub fn fuse_conv_bn(&self) -> ResNet {
        let mut fused = self.clone();
        if let (Some(conv), Some(norm)) = (&self.conv1, &self.bn1) {
            let (conv, norm) = fuse(conv, &**norm);
            fused.conv1 = Some(conv);
            fused.bn1 = Some(norm);
        }
        fused.stem = self.stem.iter().map(ConvModule::fuse_conv_bn).collect();
        for (layer, original) in [
            (&mut fused.layer1, &self.layer1),
            (&mut fused.layer2, &self.layer2),
            (&mut fused.layer3, &self.layer3),
            (&mut fused.layer4, &self.layer4),
        ] {
            *layer = original.iter().map(|block| block.fuse_conv_bn()).collect();
        }
        fused
    }
}
