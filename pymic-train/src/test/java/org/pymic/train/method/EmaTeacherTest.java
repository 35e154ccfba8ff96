package org.pymic.train.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pymic.net.SegNetwork;

class EmaTeacherTest {

    @Test
    void decayWarmsUpOverIterValid() {
        assertThat(EmaTeacher.decay(0, 100, 0.99)).isEqualTo(0.0);
        assertThat(EmaTeacher.decay(100, 100, 0.99)).isCloseTo(0.5, within(1e-12));
        assertThat(EmaTeacher.decay(300, 100, 0.99)).isCloseTo(0.75, within(1e-12));
        assertThat(EmaTeacher.decay(50_000, 100, 0.99)).isEqualTo(0.99);
    }

    @Test
    void updateIsTheWeightedAverageAndFreezeStopsGradients() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            SegNetwork student = ToyDiscs.tinyNetworks(1).create();
            SegNetwork teacher = ToyDiscs.tinyNetworks(1).create();
            student.initialize(m, new Shape(1, 1, 8, 8));
            teacher.initialize(m, new Shape(1, 1, 8, 8));
            List<float[]> s = new ArrayList<>();
            List<float[]> t = new ArrayList<>();
            for (Parameter p : student.parameters()) {
                s.add(p.getArray().toFloatArray());
            }
            for (Parameter p : teacher.parameters()) {
                t.add(p.getArray().toFloatArray());
            }
            EmaTeacher.freeze(teacher);
            EmaTeacher.update(teacher, student, 0.3);
            List<Parameter> after = teacher.parameters();
            assertThat(after).hasSize(6);
            for (int i = 0; i < after.size(); i++) {
                assertThat(after.get(i).getArray().hasGradient()).isFalse();
                float[] got = after.get(i).getArray().toFloatArray();
                for (int j = 0; j < got.length; j++) {
                    assertThat(got[j]).isCloseTo(0.3f * t.get(i)[j] + 0.7f * s.get(i)[j], within(1e-6f));
                }
                assertThat(student.parameters().get(i).getArray().toFloatArray()).containsExactly(s.get(i));
            }
        }
    }
}
