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

    /** One network type, each network made by {@code make}. */
    static NetworkFactory of(java.util.function.Supplier<SegNetwork> make) {
        return new NetworkFactory() {
            @Override
            public int count() {
                return 1;
            }

            @Override
            public SegNetwork create(int index) {
                return make.get();
            }
        };
    }
}
