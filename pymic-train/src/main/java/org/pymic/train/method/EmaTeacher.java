package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.List;
import org.pymic.net.SegNetwork;

/**
 * The exponential-moving-average teacher of Mean Teacher and its variants (Tarvainen and Valpola,
 * "Mean teachers are better role models", NeurIPS 2017). After each optimiser step every learned
 * parameter of the teacher becomes {@code theta_t <- alpha theta_t + (1 - alpha) theta_s}, with PyMIC's
 * warm-up of the decay {@code alpha = min(1 - 1 / (it / iter_valid + 1), ema_decay)}: the teacher copies
 * the student at iteration 0 and averages over a longer horizon as training goes on. Batch-norm running
 * statistics are not averaged (PyMIC averages {@code parameters()} only); the teacher's own forward
 * passes in training mode keep them. The teacher never learns: its arrays stop requiring gradients.
 */
public final class EmaTeacher {
    private EmaTeacher() {
    }

    /** PyMIC's decay at iteration {@code it}: {@code min(1 - 1 / (it / iterValid + 1), emaDecay)}. */
    public static double decay(int iteration, int iterValid, double emaDecay) {
        double t = (double) iteration / Math.max(1, iterValid);
        return Math.min(1 - 1 / (t + 1), emaDecay);
    }

    /** Makes the teacher's learned parameters stop requiring gradients (idempotent). */
    public static void freeze(SegNetwork teacher) {
        for (Parameter p : teacher.parameters()) {
            if (p.isInitialized() && p.getArray().hasGradient()) {
                p.getArray().setRequiresGradient(false);
            }
        }
    }

    /**
     * {@code teacher <- alpha teacher + (1 - alpha) student} on every learned parameter, in place.
     * Call outside the gradient collector.
     */
    public static void update(SegNetwork teacher, SegNetwork student, double alpha) {
        List<Parameter> t = teacher.parameters();
        List<Parameter> s = student.parameters();
        if (t.size() != s.size()) {
            throw new IllegalStateException("teacher has " + t.size() + " learned parameters, student " + s.size());
        }
        for (int i = 0; i < t.size(); i++) {
            NDArray ta = t.get(i).getArray();
            NDArray sa = s.get(i).getArray();
            if (!ta.getShape().equals(sa.getShape())) {
                throw new IllegalStateException("teacher parameter " + t.get(i).getName() + " has shape "
                        + ta.getShape() + ", student " + sa.getShape());
            }
            try (NDArray part = sa.mul(1 - alpha)) {
                ta.muli(alpha).addi(part);
            }
        }
    }
}
