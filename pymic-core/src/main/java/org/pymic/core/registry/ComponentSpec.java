package org.pymic.core.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A named component with its declared parameters and a factory that builds it from validated
 * {@link Params}. A spec without a factory names a PyMIC component that pymic does not implement
 * yet: configs that use it are refused by name.
 *
 * <pre>{@code
 * ComponentSpec.builder(ComponentKind.LOSS, "DiceLoss")
 *     .doc("Soft Dice loss averaged over classes.")
 *     .param(ParamSpec.optional("dice_smooth", ParamType.FLOAT, 1e-5, "smoothing term"))
 *     .factory(p -> new DiceLoss(p.getDouble("dice_smooth")))
 *     .build();
 * }</pre>
 */
public final class ComponentSpec {
    private final ComponentKind kind;
    private final String name;
    private final String doc;
    private final List<ParamSpec> params;
    private final Function<Params, ?> factory;
    private final List<String> aliases;

    private ComponentSpec(Builder b) {
        this.kind = b.kind;
        this.name = b.name;
        this.doc = b.doc;
        this.params = Collections.unmodifiableList(new ArrayList<>(b.params));
        this.factory = b.factory;
        this.aliases = Collections.unmodifiableList(new ArrayList<>(b.aliases));
    }

    public static Builder builder(ComponentKind kind, String name) {
        return new Builder(kind, name);
    }

    public ComponentKind kind() {
        return kind;
    }

    /** The canonical name, spelled as PyMIC spells it. */
    public String name() {
        return name;
    }

    public String doc() {
        return doc;
    }

    public List<ParamSpec> params() {
        return params;
    }

    public List<String> aliases() {
        return aliases;
    }

    public boolean implemented() {
        return factory != null;
    }

    public Optional<ParamSpec> param(String paramName) {
        String key = paramName.toLowerCase(Locale.ROOT);
        return params.stream().filter(p -> p.name().equals(key)).findFirst();
    }

    /** Builds the component; throws if the component is not implemented. */
    @SuppressWarnings("unchecked")
    public <T> T create(Params values) {
        if (factory == null) {
            throw new org.pymic.core.error.PymicException(org.pymic.core.error.ExitCode.NOT_IMPLEMENTED,
                    kind.label() + " '" + name + "' is not implemented in pymic yet");
        }
        return (T) factory.apply(values);
    }

    @Override
    public String toString() {
        return kind.label() + ":" + name;
    }

    /** Builder with the DJL convention: required settings first, optional ones chained. */
    public static final class Builder {
        private final ComponentKind kind;
        private final String name;
        private String doc = "";
        private final List<ParamSpec> params = new ArrayList<>();
        private Function<Params, ?> factory;
        private final List<String> aliases = new ArrayList<>();

        private Builder(ComponentKind kind, String name) {
            this.kind = kind;
            this.name = name;
        }

        public Builder doc(String doc) {
            this.doc = doc;
            return this;
        }

        public Builder param(ParamSpec p) {
            params.add(p);
            return this;
        }

        public Builder optional(String name, ParamType type, Object defaultValue, String doc) {
            return param(ParamSpec.optional(name, type, defaultValue, doc));
        }

        public Builder required(String name, ParamType type, String doc) {
            return param(ParamSpec.required(name, type, doc));
        }

        public Builder alias(String alias) {
            aliases.add(alias);
            return this;
        }

        /** The factory; leave unset for a known but not implemented component. */
        public Builder factory(Function<Params, ?> factory) {
            this.factory = factory;
            return this;
        }

        public ComponentSpec build() {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (ParamSpec p : params) {
                if (!seen.add(p.name())) {
                    throw new IllegalStateException(kind.label() + " " + name + " declares '" + p.name() + "' twice");
                }
            }
            return new ComponentSpec(this);
        }
    }
}
