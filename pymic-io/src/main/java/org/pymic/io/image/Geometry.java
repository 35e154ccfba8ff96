package org.pymic.io.image;

import org.pymic.core.image.Volume;

/**
 * Conversion between NIfTI's RAS and MetaImage's LPS world spaces: x and y change sign in the origin
 * and in the rows of the direction matrix. Only volumes whose header says they come from the other
 * convention are converted; the header is dropped then, since it describes the other format.
 */
final class Geometry {
    private Geometry() {
    }

    static Volume toRas(Volume v) {
        return v.header() instanceof MetaImageHeader ? flip(v) : v;
    }

    static Volume toLps(Volume v) {
        return v.header() instanceof NiftiHeader ? flip(v) : v;
    }

    private static Volume flip(Volume v) {
        double[] o = v.origin();
        double[] d = v.direction();
        o[0] = -o[0];
        o[1] = -o[1];
        for (int j = 0; j < 6; j++) {
            d[j] = -d[j];
        }
        return new Volume(v.data(), v.channels(), v.depth(), v.height(), v.width(), v.spacing(), o, d, null);
    }
}
