package org.pymic.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed corpora of pymic-core's fuzz tests ({@code src/test/resources/<package>/<Class>Inputs/<method>/}):
 * {@code seed-*} files are made here, copies of a few PyMIC example configs (pymic-cli's test resources)
 * and configparser / JSON corner cases written below; {@code crash-*} files are inputs a fuzz run found,
 * kept as regressions. This test checks that the committed seeds are the ones made here and small;
 * {@code -Dpymic.regenerateFuzzSeeds=true} writes them.
 */
class FuzzSeedsTest {
    static final Path RESOURCES = Path.of("src", "test", "resources");
    static final Path EXAMPLES = Path.of("..", "pymic-cli", "src", "test", "resources", "pymic-examples");
    static final int MAX_SEED_BYTES = 50 * 1024;

    @Test
    void committedSeedsAreTheGeneratedOnes() throws Exception {
        boolean write = Boolean.getBoolean("pymic.regenerateFuzzSeeds");
        for (Map.Entry<String, byte[]> e : seeds().entrySet()) {
            Path p = RESOURCES.resolve(e.getKey());
            assertThat(e.getValue().length).as(e.getKey()).isLessThan(MAX_SEED_BYTES);
            if (write) {
                Files.createDirectories(p.getParent());
                Files.write(p, e.getValue());
            }
            assertThat(p).as("seed " + p + " (regenerate with -Dpymic.regenerateFuzzSeeds=true)").exists();
            assertThat(Files.readAllBytes(p)).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    private static Map<String, byte[]> seeds() throws Exception {
        Map<String, byte[]> s = new LinkedHashMap<>();
        String dir = "org/pymic/core/config/ConfigReaderFuzzTestInputs/";
        for (String f : new String[] {"seg_semi_sup/ACDC/config/unet2d_mt.cfg",
                "seg_weak_sup/ACDC/config/unet2d_gcrf.cfg", "seg_noisy_label/JSRT/config/unet_cot.cfg",
                "seg_full_sup/LCTSC/config/evaluation.cfg"}) {
            Path src = EXAMPLES.resolve(f);
            s.put(dir + "ini/seed-" + src.getFileName(), Files.readAllBytes(src));
        }
        s.put(dir + "ini/seed-corners.cfg", utf8(String.join("\n",
                "\uFEFF# comment", "[DEFAULT]", "shared = 1", "[Dataset]", "Train_CSV = config/train.csv",
                "RandomCrop_Output_Size = [4, 192, 192]", "; another comment", "train_transform = [Pad,",
                "    RandomCrop,", "", "    LabelToProbability]", "empty_key =", "colon_key: 3", "url = a=b:c",
                "[training]", "learning_rate = 1e-3", "deep_supervise = True", "lr_scheduler = None",
                "learning_rate = 2e-3", "[dataset]", "  indented_key = 5", "list = [[1, 2], ['a', \"b\"], None]",
                "")));
        s.put(dir + "ini/seed-errors.cfg", utf8("key before = section\n[open\n= no key\n[ok]\nline without separator\n"));
        s.put(dir + "json/seed-config.json", utf8("{\n  \"dataset\": {\"train_csv\": \"config/train.csv\", \"modal_num\": 1,"
                + " \"train_transform\": [\"Pad\", \"RandomCrop\"]},\n  \"network\": {\"net_type\": \"UNet2D\","
                + " \"feature_chns\": [16, 32, 64], \"dropout\": [0.0, 0.5], \"bilinear\": true},\n"
                + "  \"training\": {\"lr_scheduler\": null, \"learning_rate\": 1e-3, \"iter_max\": 4000000000,"
                + " \"extra\": {\"nested\": [1, {\"a\": 2}]}},\n  \"Training\": {\"Learning_Rate\": 2e-3}\n}\n"));
        s.put(dir + "json/seed-not_sections.json", utf8("{\"dataset\": [1, 2], \"x\": 1}"));
        s.put(dir + "json/seed-array.json", utf8("[{\"dataset\": {}}]"));
        return s;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
