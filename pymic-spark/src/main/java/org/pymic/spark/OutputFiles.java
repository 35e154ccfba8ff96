package org.pymic.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Files written through Hadoop's FileSystem API (local paths, HDFS, object stores): each is written
 * locally, copied to a temporary name beside its target and renamed into place, so a file that exists
 * under its final name is complete. A case's label map is moved last: when it exists, the case is done.
 */
final class OutputFiles {
    private OutputFiles() {
    }

    static org.apache.hadoop.fs.Path path(String uri) {
        return new org.apache.hadoop.fs.Path(uri);
    }

    static FileSystem fs(org.apache.hadoop.fs.Path p, Configuration conf) {
        try {
            FileSystem fs = p.getFileSystem(conf);
            // no .crc files beside local outputs: the files are the same as pymic infer's
            return fs instanceof org.apache.hadoop.fs.LocalFileSystem l ? l.getRawFileSystem() : fs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the (complete) file exists. */
    static boolean exists(org.apache.hadoop.fs.Path p, Configuration conf) throws IOException {
        return fs(p, conf).exists(p);
    }

    /**
     * Moves every file of the local folder {@code local} into the folder {@code target}, the file named
     * {@code last} after all the others.
     */
    static void publish(Path local, String last, org.apache.hadoop.fs.Path target, Configuration conf) throws IOException {
        FileSystem fs = fs(target, conf);
        fs.mkdirs(target);
        List<Path> files;
        try (Stream<Path> s = Files.list(local)) {
            files = new ArrayList<>(s.sorted(Comparator.comparing((Path f) -> f.getFileName().toString().equals(last))
                    .thenComparing(Path::toString)).toList());
        }
        for (Path f : files) {
            org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(target, f.getFileName().toString());
            org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(target,
                    "." + f.getFileName() + ".tmp-" + UUID.randomUUID());
            try {
                fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(f.toUri()), tmp);
                if (fs.exists(dst)) {
                    fs.delete(dst, false);
                }
                if (!fs.rename(tmp, dst)) {
                    throw new IOException("could not rename " + tmp + " to " + dst);
                }
            } finally {
                if (fs.exists(tmp)) {
                    fs.delete(tmp, false);
                }
            }
        }
    }

    static void deleteLocal(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
