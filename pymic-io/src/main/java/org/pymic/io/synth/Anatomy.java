package org.pymic.io.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The surroundings of the synthetic heart: an elliptic torso (air outside) with a bright
 * subcutaneous fat ring, two dark lungs at its sides, and structures that make the heart hard to
 * delineate, as in short-axis cine MRI: mediastinal tissue and a liver whose intensities are close to
 * the myocardium's, a descending aorta next to the LV and other vessels or a fluid-filled stomach whose
 * intensities are close to the blood pools'. Structures near the heart may touch it (the heart is drawn
 * on top of them); intensities are given relative to the case's myocardium and blood intensities.
 */
final class Anatomy {
    private static final double[] LEVELS = {0.0, 0.3, 0.6, 0.9};

    private final double tcx;
    private final double tcy;
    private final double ta;
    private final double tb;
    private final double fatWidth;
    private final double tissue;
    private final double fat;
    private final double lung;
    private final double[][] lungs = new double[2][];
    /** Ellipses {x, y, radius x, radius y, intensity}; earlier ones are drawn on top. */
    private final List<double[]> blobs = new ArrayList<>();

    Anatomy(SplittableRandom r, int h, int w, HeartShape heart, double myo, double blood) {
        double s = Math.min(h, w);
        tcx = (w - 1) / 2.0 + CaseRandom.uniform(r, -0.02, 0.02) * s;
        tcy = (h - 1) / 2.0 + CaseRandom.uniform(r, -0.02, 0.02) * s;
        ta = CaseRandom.uniform(r, 0.44, 0.49) * w;
        tb = CaseRandom.uniform(r, 0.38, 0.46) * h;
        fatWidth = CaseRandom.uniform(r, 0.015, 0.035) * s;
        tissue = myo * CaseRandom.uniform(r, 1.0, 1.5);
        fat = blood * CaseRandom.uniform(r, 0.8, 1.1);
        lung = CaseRandom.uniform(r, 0.02, 0.08);
        for (int k = 0; k < 2; k++) {
            double side = k == 0 ? -1 : 1;
            lungs[k] = new double[] {tcx + side * CaseRandom.uniform(r, 0.26, 0.32) * s,
                tcy + CaseRandom.uniform(r, -0.08, 0.02) * s,
                CaseRandom.uniform(r, 0.08, 0.12) * s, CaseRandom.uniform(r, 0.14, 0.2) * s};
        }
        double rvAngle = heart.rvAngle();
        // descending aorta: a bright disc just outside the heart, away from the RV
        double ra = CaseRandom.uniform(r, 0.028, 0.045) * s;
        double aa = rvAngle + Math.PI + CaseRandom.uniform(r, -0.7, 0.7);
        double da = clearDistance(heart, aa, ra) + CaseRandom.uniform(r, 0.5, 3.0);
        blobs.add(new double[] {heart.cx + da * Math.cos(aa), heart.cy + da * Math.sin(aa), ra, ra,
            blood * CaseRandom.uniform(r, 0.75, 1.1)});
        // other vessels or a stomach with fluid, close to the heart
        int nBright = 1 + r.nextInt(2);
        for (int k = 0; k < nBright; k++) {
            double rad = CaseRandom.uniform(r, 0.025, 0.06) * s;
            double ang = CaseRandom.uniform(r, 0, 2 * Math.PI);
            double d = clearDistance(heart, ang, rad) + CaseRandom.uniform(r, 0.5, 6.0);
            double bx = heart.cx + d * Math.cos(ang);
            double by = heart.cy + d * Math.sin(ang);
            if (inTorso(bx, by, 0.85)) {
                blobs.add(new double[] {bx, by, rad, rad * CaseRandom.uniform(r, 0.6, 1.4),
                    blood * CaseRandom.uniform(r, 0.45, 1.05)});
            }
        }
        // liver: a large myocardium-like region below the heart, partly under it
        if (r.nextDouble() < 0.8) {
            double la = Math.PI / 2 + CaseRandom.uniform(r, -0.9, 0.9);
            double lx = CaseRandom.uniform(r, 0.18, 0.28) * s;
            double ly = CaseRandom.uniform(r, 0.12, 0.2) * s;
            double d = heart.extent() * CaseRandom.uniform(r, 0.5, 0.9) + ly;
            blobs.add(new double[] {heart.cx + d * Math.cos(la), heart.cy + d * Math.sin(la), lx, ly,
                myo * CaseRandom.uniform(r, 1.05, 1.6)});
        }
        // further clutter away from the heart (bowel, spine, vessels)
        int n = 1 + r.nextInt(3);
        double reach = heart.extent() + Math.abs(heart.driftX) + Math.abs(heart.driftY);
        for (int k = 0; k < n; k++) {
            for (int attempt = 0; attempt < 30; attempt++) {
                double rad = CaseRandom.uniform(r, 0.025, 0.07) * s;
                double bx = tcx + CaseRandom.uniform(r, -0.75, 0.75) * ta;
                double by = tcy + CaseRandom.uniform(r, -0.75, 0.75) * tb;
                double dist = Math.hypot(bx - heart.cx, by - heart.cy);
                if (inTorso(bx, by, 0.8) && dist > reach + rad * 1.3 + 2) {
                    blobs.add(new double[] {bx, by, rad, rad * CaseRandom.uniform(r, 0.6, 1.3),
                        blood * CaseRandom.uniform(r, 0.15, 1.0)});
                    break;
                }
            }
        }
    }

    /** Smallest distance from the LV centre along {@code angle} at which a disc of radius rad misses the heart. */
    private static double clearDistance(HeartShape heart, double angle, double rad) {
        double c = Math.cos(angle);
        double sn = Math.sin(angle);
        for (double d = rad; d < 4 * heart.extent() + 4 * rad; d += 0.5) {
            if (discClear(heart, heart.cx + d * c, heart.cy + d * sn, rad)) {
                return d;
            }
        }
        return 4 * heart.extent() + 4 * rad;
    }

    private static boolean discClear(HeartShape heart, double x, double y, double rad) {
        for (double f : LEVELS) {
            if (heart.label(x, y, f) != HeartShape.BACKGROUND) {
                return false;
            }
            for (int k = 0; k < 12; k++) {
                double t = k * Math.PI / 6;
                if (heart.label(x + rad * Math.cos(t), y + rad * Math.sin(t), f) != HeartShape.BACKGROUND) {
                    return false;
                }
            }
        }
        return true;
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
