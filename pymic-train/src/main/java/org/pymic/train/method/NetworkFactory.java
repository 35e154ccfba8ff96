package org.pymic.train.method;

import org.pymic.net.SegNetwork;

/**
 * Builds networks from the {@code [network]} section for a method. When {@code net_type} is a list,
 * {@link #count()} is its length and {@link #create(int)} builds entry {@code i}.
 */
public interface NetworkFactory {

    /** Number of network types configured (1, or the length of a {@code net_type} list). */
    int count();

    /** A new network of configured type {@code index}. */
    SegNetwork create(int index);

    /** A new network of the first configured type. */
    default SegNetwork create() {
        return create(0);
    }
}
