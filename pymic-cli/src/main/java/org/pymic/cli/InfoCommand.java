package org.pymic.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pymic.io.image.ImageInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pymic info FILE [--json]}: header facts and value statistics of an image file. */
@Command(name = "info", description = "Print shape, spacing, affine, on-disk type and value range of an image.")
final class InfoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Image file: NIfTI, MetaImage, PNG/JPEG/BMP or HDF5.")
    Path file;

    @Option(names = "--json", description = "One JSON object: shape, spacing, affine, dtype, min, max, mean.")
    boolean json;

    @Override
    public Integer call() {
        ImageInfo info = ImageInfo.of(file);
        spec.commandLine().getOut().println(json ? info.toJson() : info.toText());
        return 0;
    }
}
