package org.pymic.io.image;

import org.pymic.core.image.Volume;

/**
 * Voxel-to-world affine maths (4x4 matrices, row-major) shared by the readers and writers.
 *
 * <p>qform: R(b, c, d) * diag(pixdim1, pixdim2, qfac * pixdim3) + qoffset, with the unit quaternion
 * a = sqrt(1 - b^2 - c^2 - d^2) (NIfTI-1 standard, nifti1.h; nibabel {@code quat2mat}). The inverse
 * follows nifti1_io's {@code nifti_mat44_to_quatern}. The fallback affine is nibabel's
 * {@code shape_zoom_affine} with x flipped and the centre of the image at the world origin.
 */
final class Affines {
    private Affines() {
    }

    static double[] qformAffine(double b, double c, double d, double qx, double qy, double qz,
                                double[] pixdim, int version) {
        double w2 = 1.0 - (b * b + c * c + d * d);
        double a = w2 < 0 ? 0 : Math.sqrt(w2);
        double[] r = quatToMatrix(a, b, c, d);
        double qfac = pixdim[0] == -1 ? -1 : 1;
        double[] vox = {Math.abs(pixdim[1]), Math.abs(pixdim[2]), Math.abs(pixdim[3]) * qfac};
        double[] m = new double[16];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[i * 4 + j] = r[i * 3 + j] * vox[j];
            }
        }
        m[3] = qx;
        m[7] = qy;
        m[11] = qz;
        m[15] = 1;
        return m;
    }

    /** Rotation matrix of the quaternion (w, x, y, z), row-major 3x3. */
    static double[] quatToMatrix(double w, double x, double y, double z) {
        double n = w * w + x * x + y * y + z * z;
        if (n < 1e-300) {
            return Volume.identity();
        }
        double s = 2.0 / n;
        double xs = x * s;
        double ys = y * s;
        double zs = z * s;
        double wx = w * xs;
        double wy = w * ys;
        double wz = w * zs;
        double xx = x * xs;
        double xy = x * ys;
        double xz = x * zs;
        double yy = y * ys;
        double yz = y * zs;
        double zz = z * zs;
        return new double[] {
            1 - (yy + zz), xy - wz, xz + wy,
            xy + wz, 1 - (xx + zz), yz - wx,
            xz - wy, yz + wx, 1 - (xx + yy)};
    }

    /** nibabel's {@code get_base_affine}: diag(-z1, z2, z3) with the image centre at the origin. */
    static double[] baseAffine(long[] shape, double[] zooms) {
        double[] s = {1, 1, 1};
        double[] z = {1, 1, 1};
        for (int i = 0; i < Math.min(3, shape.length); i++) {
            s[i] = shape[i];
            z[i] = zooms[i];
        }
        z[0] = -z[0];
        double[] m = new double[16];
        for (int i = 0; i < 3; i++) {
            m[i * 4 + i] = z[i];
            m[i * 4 + 3] = -(s[i] - 1) / 2.0 * z[i];
        }
        m[15] = 1;
        return m;
    }

    /** The affine of a volume's spacing, origin and direction. */
    static double[] fromGeometry(double[] spacing, double[] origin, double[] direction) {
        double[] m = new double[16];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[i * 4 + j] = direction[i * 3 + j] * spacing[j];
            }
            m[i * 4 + 3] = origin[i];
        }
        m[15] = 1;
        return m;
    }

    /** Column norms of the affine's 3x3 part (zero norms become 1). */
    static double[] spacing(double[] m) {
        double[] s = new double[3];
        for (int j = 0; j < 3; j++) {
            double n = Math.sqrt(sq(m[j]) + sq(m[4 + j]) + sq(m[8 + j]));
            s[j] = n == 0 ? 1 : n;
        }
        return s;
    }

    static double[] origin(double[] m) {
        return new double[] {m[3], m[7], m[11]};
    }

    /** Unit columns of the affine's 3x3 part (a zero column becomes the matching unit axis). */
    static double[] direction(double[] m) {
        double[] d = new double[9];
        for (int j = 0; j < 3; j++) {
            double n = Math.sqrt(sq(m[j]) + sq(m[4 + j]) + sq(m[8 + j]));
            for (int i = 0; i < 3; i++) {
                d[i * 3 + j] = n == 0 ? (i == j ? 1 : 0) : m[i * 4 + j] / n;
            }
        }
        return d;
    }

    /** True when two affines agree to {@code tol} relative to the largest entry. */
    static boolean close(double[] a, double[] b, double tol) {
        double scale = 1;
        for (int i = 0; i < 12; i++) {
            scale = Math.max(scale, Math.max(Math.abs(a[i]), Math.abs(b[i])));
        }
        for (int i = 0; i < 12; i++) {
            if (Math.abs(a[i] - b[i]) > tol * scale) {
                return false;
            }
        }
        return true;
    }

    /**
     * Quaternion parameters {b, c, d, qfac} of the rotation part of an affine (nifti_mat44_to_quatern,
     * with Gram-Schmidt in place of the polar decomposition; equal for orthogonal matrices).
     */
    static double[] toQuaternion(double[] m) {
        double[] c = direction(m);
        double[][] col = new double[3][3];
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 3; i++) {
                col[j][i] = c[i * 3 + j];
            }
        }
        orthonormalise(col);
        double det = col[0][0] * (col[1][1] * col[2][2] - col[1][2] * col[2][1])
                - col[1][0] * (col[0][1] * col[2][2] - col[0][2] * col[2][1])
                + col[2][0] * (col[0][1] * col[1][2] - col[0][2] * col[1][1]);
        double qfac = 1;
        if (det < 0) {
            qfac = -1;
            for (int i = 0; i < 3; i++) {
                col[2][i] = -col[2][i];
            }
        }
        double r11 = col[0][0], r12 = col[1][0], r13 = col[2][0];
        double r21 = col[0][1], r22 = col[1][1], r23 = col[2][1];
        double r31 = col[0][2], r32 = col[1][2], r33 = col[2][2];
        double a = r11 + r22 + r33 + 1;
        double b;
        double cc;
        double d;
        if (a > 0.5) {
            a = 0.5 * Math.sqrt(a);
            b = 0.25 * (r32 - r23) / a;
            cc = 0.25 * (r13 - r31) / a;
            d = 0.25 * (r21 - r12) / a;
        } else {
            double xd = 1 + r11 - (r22 + r33);
            double yd = 1 + r22 - (r11 + r33);
            double zd = 1 + r33 - (r11 + r22);
            if (xd > 1) {
                b = 0.5 * Math.sqrt(xd);
                cc = 0.25 * (r12 + r21) / b;
                d = 0.25 * (r13 + r31) / b;
                a = 0.25 * (r32 - r23) / b;
            } else if (yd > 1) {
                cc = 0.5 * Math.sqrt(yd);
                b = 0.25 * (r12 + r21) / cc;
                d = 0.25 * (r23 + r32) / cc;
                a = 0.25 * (r13 - r31) / cc;
            } else {
                d = 0.5 * Math.sqrt(zd);
                b = 0.25 * (r13 + r31) / d;
                cc = 0.25 * (r23 + r32) / d;
                a = 0.25 * (r21 - r12) / d;
            }
            if (a < 0) {
                b = -b;
                cc = -cc;
                d = -d;
            }
        }
        return new double[] {b, cc, d, qfac};
    }

    private static void orthonormalise(double[][] col) {
        for (int j = 0; j < 3; j++) {
            for (int k = 0; k < j; k++) {
                double dot = col[j][0] * col[k][0] + col[j][1] * col[k][1] + col[j][2] * col[k][2];
                for (int i = 0; i < 3; i++) {
                    col[j][i] -= dot * col[k][i];
                }
            }
            double n = Math.sqrt(sq(col[j][0]) + sq(col[j][1]) + sq(col[j][2]));
            if (n < 1e-12) {
                col[j] = new double[] {j == 0 ? 1 : 0, j == 1 ? 1 : 0, j == 2 ? 1 : 0};
            } else {
                for (int i = 0; i < 3; i++) {
                    col[j][i] /= n;
                }
            }
        }
    }

    private static double sq(double v) {
        return v * v;
    }
}
