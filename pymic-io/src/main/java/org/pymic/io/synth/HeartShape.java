package org.pymic.io.synth;

import java.util.SplittableRandom;

/**
 * The drawn geometry of one synthetic heart: a left-ventricular blood pool bounded by a perturbed
 * ellipse, a myocardial ring of varying thickness around it, and a right ventricle that is an
 * ellipse beside the LV minus the LV epicardium (a crescent on the septum). Lengths are in pixels.
 * Along the long axis (slice level {@code f}: 0 base, 1 apex) the LV shrinks, the wall thins a
 * little and the RV fades out, as in short-axis cine MRI stacks.
 *
 * <p>Inside the LV blood pool there are muscle structures that belong to the LV label, as in the
 * ACDC annotations: two papillary muscles (round blobs near the wall, anterolateral and
 * posteromedial) and trabeculations, an irregular comb of muscle along the endocardium whose depth
 * follows a sum of high angular harmonics. {@link #muscleInLv} reports them so the renderer can
 * give them myocardial intensity.
 */
final class HeartShape {
    static final int BACKGROUND = 0;
    static final int RV = 1;
    static final int MYO = 2;
    static final int LV = 3;

    final double cx;
    final double cy;
    final double driftX;
    final double driftY;
    private final double rLv;
    private final double ecc;
    private final double psi;
    private final double[] harmAmp = new double[3];
    private final double[] harmPhase = new double[3];
    private final double thick;
    private final double thickVar;
    private final double thickPhase;
    private final double rvAngle;
    private final double rvDist;
    private final double rvLong;
    private final double rvShort;
    private final double rvWall;
    private final double[][] papillary;
    private final double trabDepth;
    private final double[] trabAmp = new double[6];
    private final double[] trabPhase = new double[6];

    HeartShape(SplittableRandom r, int h, int w) {
        double s = Math.min(h, w);
        cx = (w - 1) / 2.0 + CaseRandom.uniform(r, -0.09, 0.09) * s;
        cy = (h - 1) / 2.0 + CaseRandom.uniform(r, -0.09, 0.09) * s;
        rLv = CaseRandom.uniform(r, 0.065, 0.105) * s;
        ecc = CaseRandom.uniform(r, 0.0, 0.2);
        psi = CaseRandom.uniform(r, 0, Math.PI);
        for (int k = 0; k < 3; k++) {
            harmAmp[k] = CaseRandom.uniform(r, 0, 0.06);
            harmPhase[k] = CaseRandom.uniform(r, 0, 2 * Math.PI);
        }
        thick = Math.max(1.6, rLv * CaseRandom.uniform(r, 0.3, 0.65));
        thickVar = CaseRandom.uniform(r, 0, 0.3);
        thickPhase = CaseRandom.uniform(r, 0, 2 * Math.PI);
        rvAngle = Math.PI + CaseRandom.uniform(r, -0.8, 0.8);
        rvShort = CaseRandom.uniform(r, 0.55, 1.0);
        rvDist = CaseRandom.uniform(r, 1.45, 1.8) - rvShort;
        rvLong = CaseRandom.uniform(r, 1.05, 1.9);
        rvWall = s >= 96 ? 1.5 : 1.0;
        driftX = CaseRandom.uniform(r, -0.4, 0.4) * thick;
        driftY = CaseRandom.uniform(r, -0.4, 0.4) * thick;
        // papillary muscles: {angle, distance / rEndo, radius / rEndo}, or null when absent
        double pa = rvAngle + Math.PI + CaseRandom.uniform(r, -0.5, 0.5);
        double spread = CaseRandom.uniform(r, 0.5, 0.8);
        papillary = new double[2][];
        for (int k = 0; k < 2; k++) {
            boolean present = r.nextDouble() < 0.85;
            double ang = pa + (k == 0 ? -spread : spread);
            double dist = CaseRandom.uniform(r, 0.5, 0.72);
            double rad = CaseRandom.uniform(r, 0.13, 0.24);
            papillary[k] = present ? new double[] {ang, dist, rad} : null;
        }
        trabDepth = CaseRandom.uniform(r, 0.04, 0.2);
        for (int k = 0; k < trabAmp.length; k++) {
            trabAmp[k] = CaseRandom.uniform(r, 0, 1);
            trabPhase[k] = CaseRandom.uniform(r, 0, 2 * Math.PI);
        }
    }

    /**
     * Whether pixel (x, y) at level f, known to be LV, lies in a papillary muscle or trabeculation
     * (drawn with myocardial intensity but labelled LV).
     */
    boolean muscleInLv(double x, double y, double f) {
        double lvScale = 1 - 0.55 * Math.pow(f, 1.3);
        double dx = x - (cx + driftX * f);
        double dy = y - (cy + driftY * f);
        double rho = Math.sqrt(dx * dx + dy * dy);
        double phi = Math.atan2(dy, dx);
        double rEndo = lvScale * endoRadius(phi);
        double t = 0;
        for (int k = 0; k < trabAmp.length; k++) {
            t += trabAmp[k] * Math.cos((k + 7) * phi + trabPhase[k]);
        }
        if (rEndo - rho < rEndo * trabDepth * Math.max(0, t) / 1.5) {
            return true;
        }
        double rMean = lvScale * rLv;
        for (double[] p : papillary) {
            if (p == null) {
                continue;
            }
            double px = dx - p[1] * rMean * Math.cos(p[0]);
            double py = dy - p[1] * rMean * Math.sin(p[0]);
            double rad = Math.max(0.8, p[2] * rMean);
            if (px * px + py * py < rad * rad) {
                return true;
            }
        }
        return false;
    }

    /** Direction (radians, image axes) from the LV centre to the RV centre. */
    double rvAngle() {
        return rvAngle;
    }

    /** Largest distance from the LV centre that the heart (RV included) can reach. */
    double extent() {
        double epi = rLv * (1 + ecc) * 1.15 + thick * (1 + thickVar);
        return epi * (rvDist + rvShort) + rvWall + 1;
    }

    /** Label of pixel (x, y) at slice level f in [0, 1]; {@code -1} marks the unlabelled RV wall. */
    int label(double x, double y, double f) {
        double lvScale = 1 - 0.55 * Math.pow(f, 1.3);
        double wallScale = 1 - 0.15 * f;
        double rvScale = 1 - 0.8 * Math.pow(f, 1.5);
        double ox = cx + driftX * f;
        double oy = cy + driftY * f;
        double dx = x - ox;
        double dy = y - oy;
        double rho = Math.sqrt(dx * dx + dy * dy);
        double phi = Math.atan2(dy, dx);
        double rEndo = lvScale * endoRadius(phi);
        if (rho < rEndo) {
            return LV;
        }
        double wall = wallScale * thick * (1 + thickVar * Math.cos(phi - thickPhase));
        double rEpi = rEndo + wall;
        if (rho < rEpi) {
            return MYO;
        }
        double epiMean = lvScale * rLv + wallScale * thick;
        double a = rvShort * epiMean * rvScale;
        double b = rvLong * epiMean * rvScale;
        if (a < 1.0) {
            return BACKGROUND;
        }
        double rx = ox + rvDist * epiMean * Math.cos(rvAngle);
        double ry = oy + rvDist * epiMean * Math.sin(rvAngle);
        double u = (x - rx) * Math.cos(rvAngle) + (y - ry) * Math.sin(rvAngle);
        double v = -(x - rx) * Math.sin(rvAngle) + (y - ry) * Math.cos(rvAngle);
        double q = Math.sqrt((u / a) * (u / a) + (v / b) * (v / b));
        if (q < 1) {
            return (1 - q) * a < rvWall * 0.8 ? -1 : RV;
        }
        if ((q - 1) * a < rvWall * 0.5) {
            return -1;
        }
        return BACKGROUND;
    }

    private double endoRadius(double phi) {
        double a = rLv * (1 + ecc);
        double b = rLv * (1 - ecc);
        double c = Math.cos(phi - psi);
        double sn = Math.sin(phi - psi);
        double re = a * b / Math.sqrt(b * b * c * c + a * a * sn * sn);
        double m = 1;
        for (int k = 0; k < 3; k++) {
            m += harmAmp[k] * Math.cos((k + 2) * phi + harmPhase[k]);
        }
        return re * m;
    }
}
