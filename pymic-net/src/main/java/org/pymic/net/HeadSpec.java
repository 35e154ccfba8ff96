package org.pymic.net;

import java.util.ArrayList;
import java.util.List;

/** A declared output of a network: its name and kind. */
public record HeadSpec(String name, HeadKind kind) {
    public static final HeadSpec MAIN = new HeadSpec("main", HeadKind.MAIN);

    /** The main output followed by {@code count} heads of {@code kind} named {@code prefix + i} (i from 1). */
    public static List<HeadSpec> mainAnd(HeadKind kind, String prefix, int count) {
        List<HeadSpec> l = new ArrayList<>(count + 1);
        l.add(MAIN);
        for (int i = 1; i <= count; i++) {
            l.add(new HeadSpec(prefix + i, kind));
        }
        return List.copyOf(l);
    }

    /**
     * The heads of a network with {@code decoders} decoders when training: main (decoder 1), then
     * {@code branch2..branchK} of kind {@link HeadKind#BRANCH} (each decoder keeps its number).
     */
    public static List<HeadSpec> mainAndBranches(int decoders) {
        List<HeadSpec> l = new ArrayList<>(decoders);
        l.add(MAIN);
        for (int i = 2; i <= decoders; i++) {
            l.add(new HeadSpec("branch" + i, HeadKind.BRANCH));
        }
        return List.copyOf(l);
    }

    /** The heads of a single-decoder U-Net: main, plus scale1..scale3 when training with multiscale prediction. */
    public static List<HeadSpec> unet(boolean multiscale, boolean training) {
        return multiscale && training ? mainAnd(HeadKind.SCALE, "scale", 3) : List.of(MAIN);
    }
}
