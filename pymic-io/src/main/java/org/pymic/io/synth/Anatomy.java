package org.pymic.io.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The surroundings of the synthetic heart: an elliptic torso (air outside) with a bright
 * subcutaneous fat ring, two dark lungs at its sides and a few blobs of random intensity and size
 * (liver, vessels, bowel) placed so that they do not touch the heart.
 */
final class Anatomy {
    private final double tcx;
    private final double tcy;
    private final double ta;
    private final double tb;
    private final double fatWidth;
    private final double tissue;
    private final double fat;
    private final double lung;
    private final double[][] lungs = new double[2][];
    private final List<double[]> blobs = new ArrayList<>();

    Anatomy(SplittableRandom r, int h, int w, HeartShape heart) {
        double s = Math.min(h, w);
        tcx = (w - 1) / 2.0 + CaseRandom.uniform(r, -0.02, 0.02) * s;
        tcy = (h - 1) / 2.0 + CaseRandom.uniform(r, -0.02, 0.02) * s;
        ta = CaseRandom.uniform(r, 0.44, 0.49) * w;
        tb = CaseRandom.uniform(r, 0.38, 0.46) * h;
        fatWidth = CaseRandom.uniform(r, 0.015, 0.035) * s;
        tissue = CaseRandom.uniform(r, 0.3, 0.42);
        fat = CaseRandom.uniform(r, 0.65, 0.85);
        lung = CaseRandom.uniform(r, 0.02, 0.08);
        for (int k = 0; k < 2; k++) {
            double side = k == 0 ? -1 : 1;
            lungs[k] = new double[] {tcx + side * CaseRandom.uniform(r, 0.26, 0.32) * s,
                tcy + CaseRandom.uniform(r, -0.08, 0.02) * s,
                CaseRandom.uniform(r, 0.08, 0.12) * s, CaseRandom.uniform(r, 0.14, 0.2) * s};
        }
        int n = 2 + r.nextInt(4);
        double reach = heart.extent();
        for (int k = 0; k < n; k++) {
            for (int attempt = 0; attempt < 30; attempt++) {
                double rad = CaseRandom.uniform(r, 0.025, 0.07) * s;
                double bx = tcx + CaseRandom.uniform(r, -0.75, 0.75) * ta;
                double by = tcy + CaseRandom.uniform(r, -0.75, 0.75) * tb;
                double dist = Math.hypot(bx - heart.cx, by - heart.cy);
                if (inTorso(bx, by, 0.8) && dist > reach + Math.abs(heart.driftX) + Math.abs(heart.driftY) + rad * 1.3 + 2) {
                    blobs.add(new double[] {bx, by, rad, rad * CaseRandom.uniform(r, 0.6, 1.3),
                        CaseRandom.uniform(r, 0.1, 0.85)});
                    break;
                }
            }
        }
    }

    boolean insideBody(double x, double y) {
        return inTorso(x, y, 1.0);
    }

    /** Intensity of the surroundings at (x, y), before blur, bias and noise. */
    double intensity(double x, double y) {
        if (!inTorso(x, y, 1.0)) {
            return 0.0;
        }
        for (double[] b : blobs) {
            double dx = (x - b[0]) / b[2];
            double dy = (y - b[1]) / b[3];
            if (dx * dx + dy * dy < 1) {
                return b[4];
            }
        }
        for (double[] l : lungs) {
            double dx = (x - l[0]) / l[2];
            double dy = (y - l[1]) / l[3];
            if (dx * dx + dy * dy < 1) {
                return lung;
            }
        }
        double dx = (x - tcx) / (ta - fatWidth);
        double dy = (y - tcy) / (tb - fatWidth);
        return dx * dx + dy * dy < 1 ? tissue : fat;
    }

    private boolean inTorso(double x, double y, double scale) {
        double dx = (x - tcx) / (ta * scale);
        double dy = (y - tcy) / (tb * scale);
        return dx * dx + dy * dy < 1;
    }
}
