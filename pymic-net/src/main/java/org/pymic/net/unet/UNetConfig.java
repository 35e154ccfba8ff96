package org.pymic.net.unet;

import java.util.Arrays;
import org.pymic.core.error.PymicException;
import org.pymic.net.layer.Layout;
import org.pymic.net.layer.NormKind;

/**
 * Everything that defines a U-Net built by {@link UNetBlock}: tensor rank, channels, per-level
 * geometry, dropout, up-sampling, activation, normalisation, deep supervision and attention gates.
 * Built with {@link #builder()}.
 */
public final class UNetConfig {
    final String name;
    final int rank;
    final int inChannels;
    final int classNum;
    final int[] features;
    final double[] encoderDropout;
    final double[] decoderDropout;
    final Level[] levels;
    final UpMode upMode;
    final Act act;
    final NormKind norm;
    final boolean multiscale;
    final boolean attention;
    final Layout layout;

    private UNetConfig(Builder b) {
        name = b.name;
        rank = b.rank;
        inChannels = b.inChannels;
        classNum = b.classNum;
        features = b.features.clone();
        encoderDropout = b.encoderDropout.clone();
        decoderDropout = b.decoderDropout == null ? b.encoderDropout.clone() : b.decoderDropout.clone();
        levels = b.levels == null ? defaultLevels(b.rank, features.length) : b.levels.clone();
        upMode = b.upMode;
        act = b.act;
        norm = b.norm;
        multiscale = b.multiscale;
        attention = b.attention;
        layout = b.layout != null ? b.layout : Layout.CHANNELS_LAST;
    }

    private UNetConfig(UNetConfig o, UpMode upMode) {
        name = o.name;
        rank = o.rank;
        inChannels = o.inChannels;
        classNum = o.classNum;
        features = o.features;
        encoderDropout = o.encoderDropout;
        decoderDropout = o.decoderDropout;
        levels = o.levels;
        this.upMode = upMode;
        act = o.act;
        norm = o.norm;
        multiscale = o.multiscale;
        attention = o.attention;
        layout = o.layout;
    }

    /** The same network with another decoder up-sampling (MCNet's decoders differ only in it). */
    public UNetConfig withUpMode(UpMode mode) {
        return new UNetConfig(this, mode);
    }

    private static Level[] defaultLevels(int rank, int n) {
        Level[] l = new Level[n];
        Arrays.fill(l, Level.full(rank));
        return l;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The network's name, for messages. */
    public String name() {
        return name;
    }

    public UpMode upMode() {
        return upMode;
    }

    public int rank() {
        return rank;
    }

    /**
     * What each spatial axis of the input (the last {@code rank}) must be a multiple of: the product of the
     * levels' pooling factors, so that up-sampled features meet their skips.
     */
    public int[] sizeMultiple() {
        int[] m = new int[rank];
        Arrays.fill(m, 1);
        for (int i = 0; i < features.length - 1; i++) {
            int[] s = levels[i].scale();
            for (int a = 0; a < rank; a++) {
                m[a] *= s[a];
            }
        }
        return m;
    }

    public int inChannels() {
        return inChannels;
    }

    public int classNum() {
        return classNum;
    }

    public boolean multiscale() {
        return multiscale;
    }

    /** Memory order of the activations: channels-last unless the builder says otherwise. */
    public Layout layout() {
        return layout;
    }

    /** Builder; {@code name}, {@code rank}, channels and features are required. */
    public static final class Builder {
        private String name = "UNet";
        private int rank = 2;
        private int inChannels;
        private int classNum;
        private int[] features;
        private double[] encoderDropout;
        private double[] decoderDropout;
        private Level[] levels;
        private UpMode upMode = UpMode.LINEAR;
        private Act act = Act.LEAKY_RELU;
        private NormKind norm = NormKind.BATCH;
        private boolean multiscale;
        private boolean attention;
        private Layout layout;

        public Builder name(String v) {
            name = v;
            return this;
        }

        /** Spatial rank of the tensors (2 or 3). */
        public Builder rank(int v) {
            rank = v;
            return this;
        }

        public Builder channels(int in, int classes) {
            inChannels = in;
            classNum = classes;
            return this;
        }

        public Builder features(int... v) {
            features = v;
            return this;
        }

        /** Dropout of the encoder block of each level; also the decoder's unless set. */
        public Builder dropout(double... v) {
            encoderDropout = v;
            return this;
        }

        public Builder optDecoderDropout(double... v) {
            decoderDropout = v;
            return this;
        }

        public Builder optLevels(Level... v) {
            levels = v;
            return this;
        }

        public Builder optUpMode(UpMode v) {
            upMode = v;
            return this;
        }

        public Builder optAct(Act v) {
            act = v;
            return this;
        }

        public Builder optNorm(NormKind v) {
            norm = v;
            return this;
        }

        public Builder optMultiscale(boolean v) {
            multiscale = v;
            return this;
        }

        public Builder optAttention(boolean v) {
            attention = v;
            return this;
        }

        /** Memory order of the activations (default: channels-last). */
        public Builder optLayout(Layout v) {
            layout = v;
            return this;
        }

        public UNetConfig build() {
            if (rank != 2 && rank != 3) {
                throw new IllegalArgumentException("rank must be 2 or 3");
            }
            check(inChannels > 0, "'in_chns' = " + inChannels + ": expected a positive int");
            check(classNum > 0, "'class_num' = " + classNum + ": expected a positive int");
            check(features != null && (features.length == 4 || features.length == 5),
                    "'feature_chns' = " + Arrays.toString(features) + ": expected 4 or 5 channel counts");
            check(Arrays.stream(features).allMatch(f -> f > 0),
                    "'feature_chns' = " + Arrays.toString(features) + ": expected positive ints");
            if (encoderDropout == null) {
                encoderDropout = new double[features.length];
            }
            check(encoderDropout.length == features.length, "'dropout' = " + Arrays.toString(encoderDropout)
                    + ": expected " + features.length + " values, one per level of 'feature_chns'");
            check(Arrays.stream(encoderDropout).allMatch(p -> p >= 0 && p < 1),
                    "'dropout' = " + Arrays.toString(encoderDropout) + ": expected probabilities in [0, 1)");
            check(levels == null || levels.length == features.length,
                    "'conv_dims' has " + (levels == null ? 0 : levels.length) + " values: expected " + features.length);
            if (attention) {
                check(Arrays.stream(features).allMatch(f -> f >= 2),
                        "'feature_chns' = " + Arrays.toString(features) + ": attention gates need at least 2 channels");
            }
            return new UNetConfig(this);
        }

        private void check(boolean ok, String message) {
            if (!ok) {
                throw PymicException.config("network " + name + ": " + message);
            }
        }
    }
}
