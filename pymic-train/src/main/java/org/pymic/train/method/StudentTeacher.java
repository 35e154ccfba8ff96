package org.pymic.train.method;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pymic.net.SegNetwork;

/**
 * A method with a student {@value MeanTeacher#STUDENT} that the optimiser trains and that predicts, and
 * its teacher {@value MeanTeacher#TEACHER}, both of the first configured network type, the teacher kept
 * by the method (an EMA of the student): MeanTeacher, UAMT, BCP, USTM.
 */
interface StudentTeacher extends Method {
    @Override
    default Map<String, SegNetwork> createNetworks(NetworkFactory factory) {
        Map<String, SegNetwork> m = new LinkedHashMap<>();
        m.put(MeanTeacher.STUDENT, factory.create(0));
        m.put(MeanTeacher.TEACHER, factory.create(0));
        return m;
    }

    @Override
    default List<String> trainedNetworks(Map<String, SegNetwork> networks) {
        return List.of(MeanTeacher.STUDENT);
    }
}
