package org.pymic.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pymic.core.error.PymicException;
import org.pymic.core.label.Grid;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.Params;
import org.pymic.core.registry.Registry;

class LabelEvaluatorTest {

    @Test
    void evaluatesSingleLabelsAndGroups() {
        Grid g = Grid.of(1, 1, 6);
        float[] gt = {1, 1, 2, 2, 0, 0};
        float[] seg = {1, 2, 2, 2, 2, 0};
        List<LabelScores> s = LabelEvaluator.evaluate(seg, gt, g,
                List.of(LabelGroup.of(1), LabelGroup.of(2), LabelGroup.of(1, 2)),
                List.of(StandardMetric.DICE, StandardMetric.RVE));
        // label 1: seg {0}, gt {0,1}: dice 2/3, rve 1/2
        assertThat(s.get(0).get("dice")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.get(0).get("rve")).isCloseTo(0.5, within(1e-12));
        // label 2: seg {1,2,3,4}, gt {2,3}: dice 4/6
        assertThat(s.get(1).get("dice")).isCloseTo(4.0 / 6, within(1e-12));
        // union 1+2: seg {0..4}, gt {0..3}: dice 8/9
        assertThat(s.get(2).group().name()).isEqualTo("1+2");
        assertThat(s.get(2).get("dice")).isCloseTo(8.0 / 9, within(1e-12));
    }

    @Test
    void parsesLabelGroupsFromConfigValues() {
        List<LabelGroup> groups = LabelGroup.parse(List.of(1, 2, List.of(1, 2)), "label_list");
        assertThat(groups).containsExactly(LabelGroup.of(1), LabelGroup.of(2), LabelGroup.of(1, 2));
        assertThat(LabelGroup.parse(3, "label_list")).containsExactly(LabelGroup.of(3));
        assertThatThrownBy(() -> LabelGroup.parse(List.of("a"), "eval.cfg:3 label_list"))
                .isInstanceOf(PymicException.class).hasMessageContaining("eval.cfg:3 label_list");
    }

    @Test
    void summaryLeavesOutNaN() {
        Summary s = Summary.of(new double[] {1, Double.NaN, 3});
        assertThat(s.mean()).isEqualTo(2.0);
        assertThat(s.std()).isEqualTo(1.0);
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.excluded()).isEqualTo(1);
        assertThat(Summary.of(new double[] {Double.NaN}).mean()).isNaN();
    }

    @Test
    void percentileIsNumpyLinear() {
        assertThat(Percentile.linear(new double[] {4, 1, 3, 2}, 95)).isCloseTo(3.85, within(1e-12));
        assertThat(Percentile.linear(new double[] {5}, 95)).isEqualTo(5.0);
        assertThat(Percentile.linear(new double[] {1, 2, 3}, 50)).isEqualTo(2.0);
    }

    @Test
    void metricsAreRegisteredByPymicName() {
        Registry r = Registry.global();
        for (String name : List.of("dice", "iou", "hd95", "assd", "rve", "volume")) {
            Metric m = r.require(ComponentKind.METRIC, name).create(Params.empty(name));
            assertThat(m.metricName()).isEqualTo(name);
        }
        Metric old = r.require(ComponentKind.METRIC, "hausdorff95").create(Params.empty("hausdorff95"));
        assertThat(old).isEqualTo(StandardMetric.HD95);
    }
}
