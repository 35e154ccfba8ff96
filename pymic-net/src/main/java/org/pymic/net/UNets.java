package org.pymic.net;

import java.util.Arrays;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.Params;
import org.pymic.net.layer.NormKind;
import org.pymic.net.unet.Act;
import org.pymic.net.unet.Level;
import org.pymic.net.unet.NestedUNetBlock;
import org.pymic.net.unet.UNetBlock;
import org.pymic.net.unet.UNetConfig;
import org.pymic.net.unet.UpMode;

/**
 * Factories of PyMIC's U-Net family from resolved {@code [network]} parameters (PyMIC's keys).
 * Each returns a {@link SegNetwork}.
 */
public final class UNets {
    private UNets() {
    }

    /** PyMIC's UNet2D: LeakyReLU, up_mode 0..3; the old key {@code bilinear = False} means TransConv. */
    public static SegNetwork unet2d(Params p) {
        UNetConfig cfg = base(p, "UNet2D", 2, legacyUpMode(p, "bilinear", true)).build();
        double fp = p.getDouble("fp_dropout", 0.0);
        if (fp == 0) {
            return new SegNetwork("UNet2D", new UNetBlock(cfg), 2, cfg.inChannels(), cfg.classNum(), cfg.multiscale());
        }
        boolean ms = cfg.multiscale();
        return new SegNetwork("UNet2D", new UNetBlock(cfg, fp), 2, cfg.inChannels(), cfg.classNum(), ms, training -> {
            if (!training) {
                return java.util.List.of(HeadSpec.MAIN);
            }
            java.util.List<HeadSpec> h = new java.util.ArrayList<>(HeadSpec.unet(ms, true));
            h.add(new HeadSpec("fp", HeadKind.AUX));
            return java.util.List.copyOf(h);
        });
    }

    /** PyMIC's UNet3D: LeakyReLU, up_mode 0..2; old keys {@code trilinear} and {@code deep_supervise}. */
    public static SegNetwork unet3d(Params p) {
        UNetConfig.Builder b = base(p, "UNet3D", 3, legacyUpMode(p, "trilinear", false));
        if (p.has("deep_supervise")) {
            b.optMultiscale(p.getBool("multiscale_pred") || p.getBool("deep_supervise"));
        }
        UNetConfig cfg = b.build();
        return new SegNetwork("UNet3D", new UNetBlock(cfg), 3, cfg.inChannels(), cfg.classNum(), cfg.multiscale());
    }

    /**
     * PyMIC's UNet2D5: 5 levels, {@code conv_dims} (2 or 3 per level) chooses in-plane (1x3x3 kernels,
     * 1x2x2 pooling) or 3D levels; PReLU activations; input (N, C, D, H, W).
     */
    public static SegNetwork unet2d5(Params p) {
        int[] dims = p.getIntArray("conv_dims");
        int[] features = p.getIntArray("feature_chns");
        if (features == null || features.length != 5) {
            throw PymicException.config("network UNet2D5: 'feature_chns' = " + Arrays.toString(features)
                    + ": expected 5 channel counts");
        }
        if (dims == null || dims.length != 5 || Arrays.stream(dims).anyMatch(d -> d != 2 && d != 3)) {
            throw PymicException.config("network UNet2D5: 'conv_dims' = " + Arrays.toString(dims)
                    + ": expected 5 values, each 2 or 3");
        }
        Level[] levels = Arrays.stream(dims).mapToObj(d -> d == 2 ? Level.inPlane() : Level.full(3))
                .toArray(Level[]::new);
        UNetConfig cfg = base(p, "UNet2D5", 3, UpMode.parse("UNet2D5", p.get("up_mode"), false))
                .optLevels(levels).optAct(Act.PRELU).build();
        return new SegNetwork("UNet2D5", new UNetBlock(cfg), 3, cfg.inChannels(), cfg.classNum(), cfg.multiscale());
    }

    /** PyMIC's AttentionUNet2D: UNet2D with attention gates on the skips and no decoder dropout. */
    public static SegNetwork attentionUnet2d(Params p) {
        UNetConfig.Builder b = base(p, "AttentionUNet2D", 2, legacyUpMode(p, "bilinear", true));
        int[] f = p.getIntArray("feature_chns");
        UNetConfig cfg = b.optAttention(true).optDecoderDropout(new double[f == null ? 5 : f.length]).build();
        return new SegNetwork("AttentionUNet2D", new UNetBlock(cfg), 2, cfg.inChannels(), cfg.classNum(),
                cfg.multiscale());
    }

    /**
     * PyMIC's newer generic {@code UNet}: the {@code dimension} key (2 or 3, default 2) selects
     * {@link #unet2d} or {@link #unet3d}; the other keys are the same.
     */
    public static SegNetwork unet(Params p) {
        return dimension(p, "UNet") == 2 ? unet2d(p) : unet3d(p);
    }

    /**
     * PyMIC's newer generic {@code AttentionUNet} with {@code dimension} 2: UNet2D with attention gates
     * on the skips (Oktay et al., MIDL 2018); unlike the older AttentionUNet2D its decoder keeps the
     * per-level dropout. Dimension 3 (3D attention gates, which need trilinear resizing) is refused
     * as not implemented.
     */
    public static SegNetwork attentionUnet(Params p) {
        if (dimension(p, "AttentionUNet") == 3) {
            throw new PymicException(ExitCode.NOT_IMPLEMENTED, "network AttentionUNet: 'dimension' = 3"
                    + " (3D attention U-Net) is not implemented; use dimension = 2 or net_type = UNet3D");
        }
        UNetConfig cfg = base(p, "AttentionUNet", 2, legacyUpMode(p, "bilinear", true)).optAttention(true).build();
        return new SegNetwork("AttentionUNet", new UNetBlock(cfg), 2, cfg.inChannels(), cfg.classNum(),
                cfg.multiscale());
    }

    static int dimension(Params p, String net) {
        int d = p.getInt("dimension", 2);
        if (d != 2 && d != 3) {
            throw PymicException.config("network " + net + ": 'dimension' = " + d + ": expected 2 or 3");
        }
        return d;
    }

    /** PyMIC's NestedUNet2D (UNet++), 5 levels; no multiscale prediction. */
    public static SegNetwork nestedUnet2d(Params p) {
        if (p.has("multiscale_pred") && p.getBool("multiscale_pred")) {
            throw new PymicException(ExitCode.NOT_IMPLEMENTED,
                    "network NestedUNet2D: 'multiscale_pred' = True is not supported (PyMIC's NestedUNet2D has none)");
        }
        int in = p.getInt("in_chns");
        int classes = p.getInt("class_num");
        int[] f = p.getIntArray("feature_chns");
        double[] d = p.getDoubleArray("dropout");
        // validation shared with the other U-Nets (5 levels enforced by the block)
        base(p, "NestedUNet2D", 2, UpMode.LINEAR).build();
        NestedUNetBlock block = new NestedUNetBlock(in, classes, f, d, NormKind.parse("norm", p.getString("norm", "batch")));
        return new SegNetwork("NestedUNet2D", block, 2, in, classes, false);
    }

    static UpMode legacyUpMode(Params p, String legacyKey, boolean allowCubic) {
        if (p.has(legacyKey) && !p.getBool(legacyKey)) {
            return UpMode.TRANSCONV;
        }
        return UpMode.parse(p.owner(), p.get("up_mode"), allowCubic);
    }

    static UNetConfig.Builder base(Params p, String name, int rank, UpMode mode) {
        double[] dropout = p.getDoubleArray("dropout");
        return UNetConfig.builder().name(name).rank(rank)
                .channels(p.getInt("in_chns"), p.getInt("class_num"))
                .features(p.getIntArray("feature_chns"))
                .dropout(dropout)
                .optUpMode(mode)
                .optMultiscale(p.getBool("multiscale_pred", false))
                .optNorm(NormKind.parse("norm", p.getString("norm", "batch")));
    }
}
