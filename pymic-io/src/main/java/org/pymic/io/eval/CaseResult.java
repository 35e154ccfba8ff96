package org.pymic.io.eval;

import java.util.List;
import org.pymic.core.metrics.LabelScores;

/** The scores of one case, one entry per label group in evaluation order. */
public record CaseResult(CasePair pair, List<LabelScores> scores) {

    public CaseResult {
        scores = List.copyOf(scores);
    }
}
