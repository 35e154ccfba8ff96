package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pymic.core.config.CheckReport;
import org.pymic.core.config.CheckSummary;
import org.pymic.core.config.Config;
import org.pymic.core.config.ConfigChecker;
import org.pymic.core.config.ConfigProblem;
import org.pymic.core.config.ProblemCode;
import org.pymic.core.registry.Registry;

/**
 * The segmentation configs of HiLab-git/PyMIC_examples, unchanged (line endings included), under
 * src/test/resources/pymic-examples: each must check without an exception and be either valid or
 * refused only by name (NOT_IMPLEMENTED problems naming the component). The user-defined components
 * of the customisation examples (a network and a loss written by the user) are unknown by design.
 * Fully supervised UNet2D / UNet3D / UNet2D5 / UNet / AttentionUNet configs and the ACDC entropy-minimisation configs
 * must be valid.
 */
class PymicExamplesCorpusTest {
    private static final Path ROOT = Path.of("src", "test", "resources", "pymic-examples");
    /** Components the customisation examples define in their own Python code. */
    private static final Set<String> USER_DEFINED = Set.of("MyUNet2D", "MyFocalDiceLoss");
    /** PyMIC losses that plain U-Net configs of the corpus name and pymic does not implement yet (none). */
    private static final Set<String> PENDING_LOSSES = Set.of();
    /** Plain U-Nets, including PyMIC's newer generic names with a {@code dimension} key. */
    private static final Set<String> PLAIN_UNETS = Set.of("UNet2D", "UNet3D", "UNet2D5", "UNet", "AttentionUNet");
    private static final List<String> METHOD_SECTIONS = List.of("semi_supervised_learning",
            "weakly_supervised_learning", "noisy_label_learning", "self_supervised_learning");
    /** Semi-supervised entropy minimisation on ACDC, in the current and the older example layout. */
    private static final List<Path> ACDC_EM = List.of(
            ROOT.resolve("seg_semi_sup/ACDC/config/unet2d_em.cfg"),
            ROOT.resolve("seg_ssl/ACDC/config/unet2d_em.cfg"));

    static Stream<Path> configs() throws IOException {
        try (Stream<Path> s = Files.walk(ROOT)) {
            List<Path> l = s.filter(p -> p.toString().endsWith(".cfg")).sorted().toList();
            assertThat(l).hasSizeGreaterThan(80);
            return l.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void isValidOrRefusedByName(Path cfg) {
        CheckReport[] report = new CheckReport[1];
        assertThatCode(() -> report[0] = ConfigChecker.checkFile(cfg, Registry.global())).doesNotThrowAnyException();
        CheckReport r = report[0];
        assertThat(r.config()).isNotNull();
        List<ConfigProblem> errors = r.errors();
        assertThat(errors).as("errors other than 'not implemented' or a user-defined component")
                .allMatch(p -> p.code() == ProblemCode.NOT_IMPLEMENTED
                        || p.code() == ProblemCode.UNKNOWN_COMPONENT && USER_DEFINED.stream()
                                .anyMatch(n -> p.message().contains("'" + n + "'")));
        errors.forEach(p -> assertThat(p.message()).contains("'"));
        String verdict = errors.isEmpty() ? "VALID" : "REFUSED " + errors.stream().map(ConfigProblem::message)
                .distinct().toList();
        System.out.println("[corpus] " + ROOT.relativize(cfg) + ": " + verdict);
        r.warnings().forEach(w -> System.out.println("[corpus]   " + w.format()));
        assertThat(CheckSummary.of(r.config()).text()).isNotBlank();
        if (mustBeValid(cfg, r.config())) {
            assertThat(errors).as("a plain U-Net config or ACDC entropy minimisation must be valid")
                    .allMatch(p -> p.key().equals("loss_type")
                            && PENDING_LOSSES.stream().anyMatch(n -> p.message().contains("loss '" + n + "'")));
        }
    }

    @Test
    void theCorpusHoldsTheConfigsThatMustBeValid() throws IOException {
        List<Path> valid = configs().filter(p -> mustBeValid(p, ConfigChecker.checkFile(p, Registry.global()).config()))
                .toList();
        assertThat(valid).hasSizeGreaterThanOrEqualTo(25).containsAll(ACDC_EM);
        assertThat(valid).contains(ROOT.resolve("seg_weak_sup/ACDC/config/unet2d_gcrf.cfg"),
                ROOT.resolve("seg_weak_sup/ACDC/config/unet2d_mumford.cfg"),
                ROOT.resolve("seg_weak_sup/ACDC/config/unet2d_dmpls.cfg"),
                ROOT.resolve("seg_weak_sup/ACDC/config/unet2d_ustm.cfg"));
        assertThat(valid.stream().filter(p -> p.startsWith(ROOT.resolve("seg_semi_sup")))
                .filter(p -> !p.getFileName().toString().startsWith("evaluation"))).hasSizeGreaterThanOrEqualTo(12);
        assertThat(valid).contains(ROOT.resolve("seg_full_sup/3d_prostate/config/unet2d5.cfg"),
                ROOT.resolve("seg_full_sup/3d_LCTSC/config/unet3d.cfg"), ROOT.resolve("seg_full_sup/2d_ACDC/config/unet.cfg"),
                ROOT.resolve("seg_full_sup/2d_JSRT/config/unet.cfg"),
                ROOT.resolve("seg_full_sup/2d_JSRT/config/unet_attention.cfg"),
                ROOT.resolve("seg_noisy_label/JSRT/config/unet_dast.cfg"),
                ROOT.resolve("seg_noisy_label/JSRT/config/unet_clslsr.cfg"));
    }

    /**
     * A fully supervised plain U-Net config, an ACDC entropy-minimisation config, any semi-supervised
     * config of the corpus (seg_semi_sup: ACDC and AtriaSeg, 2D and 3D, every PyMIC method), any
     * noisy-label config (seg_noisy_label/JSRT: CE, GCE, NRDice, CoTeaching, TriNet, DAST, CL-SLSR), or a
     * weakly supervised one of seg_weak_sup (ACDC scribbles, every PyMIC method).
     */
    static boolean mustBeValid(Path cfg, Config c) {
        if (ACDC_EM.contains(cfg) || cfg.startsWith(ROOT.resolve("seg_semi_sup")) || cfg.startsWith(ROOT.resolve("seg_noisy_label"))) {
            return true;
        }
        if (cfg.startsWith(ROOT.resolve("seg_weak_sup"))) {
            return true;
        }
        if (c == null || !c.hasSection("network") || !c.hasSection("training")) {
            return false;
        }
        Object net = c.section("network").get("net_type");
        Object sup = c.section("dataset").get("supervise_type");
        boolean full = (sup == null || "fully_sup".equals(sup)) && METHOD_SECTIONS.stream().noneMatch(c::hasSection);
        return full && net instanceof String n && PLAIN_UNETS.contains(n);
    }
}
