import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.pymic.core.config.Config;
import org.pymic.core.image.Volume;
import org.pymic.io.image.ImageFiles;
import org.pymic.train.infer.Segmenter;

/**
 * Segments every image of a folder with a trained pymic model, as an application that embeds pymic
 * would (a hospital pipeline, a viewer plug-in): the checkpoint is loaded once, each image goes through
 * the config's test transforms, sliding window, TTA and post-processing, and the label map is written
 * with the input's geometry. See README.md beside this file.
 *
 * Usage: java -cp "pymic-cli/target/pymic.jar:pymic-cli/target/lib/*" examples/embed/SegmentFolder.java \
 *            CONFIG IN_DIR OUT_DIR
 */
public class SegmentFolder {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: SegmentFolder CONFIG IN_DIR OUT_DIR");
            System.exit(2);
        }
        Config config = Config.load(Path.of(args[0]));
        Path in = Path.of(args[1]);
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        List<Path> images;
        try (Stream<Path> s = Files.list(in)) {
            images = s.filter(p -> p.getFileName().toString().matches(".*\\.(nii|nii\\.gz|mha|mhd|png)$"))
                    .sorted().toList();
        }
        try (Segmenter segmenter = Segmenter.open(config)) {
            for (Path image : images) {
                long t0 = System.nanoTime();
                Volume volume = ImageFiles.read(image);
                Segmenter.Result r = segmenter.segment(volume);
                Path target = out.resolve(image.getFileName());
                ImageFiles.write(r.labels(), target, "uint8");
                // the class probabilities are there too, on the input's grid: r.probabilities()
                System.out.printf("%s -> %s (%d ms)%n", image.getFileName(), target,
                        (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }
}
