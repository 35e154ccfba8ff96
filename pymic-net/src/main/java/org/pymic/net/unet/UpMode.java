package org.pymic.net.unet;

import java.util.Locale;
import org.pymic.core.error.PymicException;
import org.pymic.net.layer.Interp;

/**
 * Up-sampling of a U-Net decoder, PyMIC's {@code up_mode}: 0 = TransConv, 1 = Nearest,
 * 2 = Bilinear (2D) / Trilinear (3D), 3 = Bicubic (2D only). Strings are accepted too.
 */
public enum UpMode {
    TRANSCONV, NEAREST, LINEAR, CUBIC;

    /** The interpolation of a non-learned mode. */
    public Interp interp() {
        return switch (this) {
            case NEAREST -> Interp.NEAREST;
            case LINEAR -> Interp.LINEAR;
            case CUBIC -> Interp.CUBIC;
            case TRANSCONV -> throw new IllegalStateException("transposed convolution is not an interpolation");
        };
    }

    /**
     * Parses an int (0..3) or a name; {@code allowCubic} is false for 3D networks (0..2).
     *
     * @param owner the network name for messages
     */
    public static UpMode parse(String owner, Object value, boolean allowCubic) {
        int max = allowCubic ? 3 : 2;
        if (value == null) {
            return LINEAR;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d != Math.rint(d) || d < 0 || d > max) {
                throw PymicException.config("network " + owner + ": 'up_mode' = " + value + ": expected 0.." + max);
            }
            return values()[(int) d];
        }
        String s = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        UpMode m = switch (s) {
            case "0", "transconv", "transposed", "deconv" -> TRANSCONV;
            case "1", "nearest" -> NEAREST;
            case "2", "bilinear", "trilinear", "linear" -> LINEAR;
            case "3", "bicubic", "cubic" -> CUBIC;
            default -> null;
        };
        if (m == null || (m == CUBIC && !allowCubic)) {
            throw PymicException.config("network " + owner + ": 'up_mode' = '" + value + "': expected "
                    + (allowCubic ? "0..3 or TransConv, Nearest, Bilinear, Bicubic" : "0..2 or TransConv, Nearest, Trilinear"));
        }
        return m;
    }
}
