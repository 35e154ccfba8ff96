package org.pymic.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.pymic.core.catalog.ConfigReference;
import org.pymic.core.registry.Registry;
import org.pymic.io.image.AtomicFiles;

/**
 * Writes docs/config-reference.md from the registry of every module on the class path:
 * {@code java -cp <classpath> org.pymic.cli.GenerateConfigReference [docs/config-reference.md]}.
 * The file is written to a temporary name and moved into place.
 */
public final class GenerateConfigReference {
    private GenerateConfigReference() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/config-reference.md");
        write(out);
        System.out.println("wrote " + out);
    }

    /** Generates the reference and writes it to {@code out}. */
    public static void write(Path out) throws IOException {
        AtomicFiles.writeString(out, ConfigReference.generate(Registry.global()));
    }
}
