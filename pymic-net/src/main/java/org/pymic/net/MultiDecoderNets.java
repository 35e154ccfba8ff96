package org.pymic.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.registry.Params;
import org.pymic.net.cct.AuxDecoderType;
import org.pymic.net.cct.CctBlock;
import org.pymic.net.cct.VirtualAdversarial;
import org.pymic.net.unet.BranchedUNetBlock;
import org.pymic.net.unet.UNetConfig;
import org.pymic.net.unet.UpMode;

/**
 * Factories of PyMIC's networks with one U-Net encoder and several decoders, from resolved
 * {@code [network]} parameters (PyMIC's keys): the dual-branch U-Nets, MCNet2D and CCT. Their
 * training heads are the extra decoders' outputs ({@link HeadKind#BRANCH} or {@link HeadKind#AUX});
 * evaluation returns the main logits only. None of them has deep-supervision scales:
 * {@code multiscale_pred = True} is refused by name.
 */
public final class MultiDecoderNets {
    private MultiDecoderNets() {
    }

    /** PyMIC's UNet2D_DualBranch: UNet2D's keys plus {@code output_mode}. */
    public static SegNetwork dualBranch2d(Params p) {
        return dualBranch(p, "UNet2D_DualBranch", 2, UNets.legacyUpMode(p, "bilinear", true));
    }

    /** PyMIC's UNet3D_DualBranch: UNet3D's keys plus {@code output_mode}. */
    public static SegNetwork dualBranch3d(Params p) {
        return dualBranch(p, "UNet3D_DualBranch", 3, UNets.legacyUpMode(p, "trilinear", false));
    }

    private static SegNetwork dualBranch(Params p, String name, int rank, UpMode mode) {
        refuseMultiscale(p, name, "each branch returns its full-resolution logits only, and PyMIC's"
                + " dual-branch networks cannot average multiscale outputs at inference");
        int eval = outputMode(p, name);
        UNetConfig cfg = UNets.base(p, name, rank, mode).build();
        BranchedUNetBlock block = new BranchedUNetBlock(List.of(cfg, cfg), eval);
        return new SegNetwork(name, block, rank, cfg.inChannels(), cfg.classNum(), false,
                training -> training ? HeadSpec.mainAndBranches(2) : List.of(HeadSpec.MAIN));
    }

    /** {@code output_mode}: the decoder (0-based) evaluation returns, or the average of both. */
    private static int outputMode(Params p, String name) {
        String mode = p.getString("output_mode", "average").trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "average" -> BranchedUNetBlock.AVERAGE;
            case "first" -> 0;
            case "second" -> 1;
            default -> throw PymicException.config("network " + name + ": 'output_mode' = '"
                    + p.getString("output_mode") + "': expected average, first or second");
        };
    }

    /**
     * PyMIC's MCNet2D (Wu et al., MedIA 2022): one UNet2D encoder and three decoders that differ in
     * up-sampling, decoder 1 transposed convolution (up_mode 0), decoder 2 nearest (1), decoder 3
     * bilinear (2); {@code up_mode} is not a key.
     */
    public static SegNetwork mcnet2d(Params p) {
        String name = "MCNet2D";
        refuseMultiscale(p, name, "PyMIC's MCNet2D builds its decoders without multiscale prediction");
        UNetConfig cfg = UNets.base(p, name, 2, UpMode.TRANSCONV).build();
        BranchedUNetBlock block = new BranchedUNetBlock(
                List.of(cfg, cfg.withUpMode(UpMode.NEAREST), cfg.withUpMode(UpMode.LINEAR)), 0);
        return new SegNetwork(name, block, 2, cfg.inChannels(), cfg.classNum(), false,
                training -> training ? HeadSpec.mainAndBranches(3) : List.of(HeadSpec.MAIN));
    }

    /** PyMIC's UNet2D_CCT: UNet2D's keys plus the auxiliary decoders' keys. */
    public static SegNetwork cct2d(Params p) {
        return cct(p, "UNet2D_CCT", 2, UNets.legacyUpMode(p, "bilinear", true));
    }

    /** PyMIC's newer CCTNet: UNet2D_CCT with a {@code dimension} key (2 or 3, default 2). */
    public static SegNetwork cctNet(Params p) {
        int dim = UNets.dimension(p, "CCTNet");
        return cct(p, "CCTNet", dim, dim == 2 ? UNets.legacyUpMode(p, "bilinear", true)
                : UNets.legacyUpMode(p, "trilinear", false));
    }

    private static SegNetwork cct(Params p, String name, int rank, UpMode mode) {
        refuseMultiscale(p, name, "PyMIC's CCT training reads one full-resolution output per decoder");
        List<String> names = p.getStringList("cct_aux_decoders");
        List<AuxDecoderType> types = new ArrayList<>();
        for (String n : names == null ? AuxDecoderType.DEFAULTS : names) {
            types.add(AuxDecoderType.parse(name, n));
        }
        if (types.isEmpty()) {
            throw PymicException.config("network " + name + ": 'CCT_aux_decoders' is empty: expected at least one"
                    + " of DropOut, FeatureDrop, FeatureNoise, VAT");
        }
        double range = p.getDouble("uniform_range", 0.3);
        check(Double.isFinite(range) && range >= 0, name, "Uniform_range", range, "a number >= 0");
        int it = p.getInt("vat_it", 2);
        check(it >= 0, name, "VAT_it", it, "an int >= 0");
        double xi = p.getDouble("vat_xi", 1e-6);
        check(Double.isFinite(xi), name, "VAT_xi", xi, "a finite number");
        double eps = p.getDouble("vat_eps", 2.0);
        check(Double.isFinite(eps), name, "VAT_eps", eps, "a finite number");
        UNetConfig cfg = UNets.base(p, name, rank, mode).build();
        CctBlock block = new CctBlock(cfg, types, range, new VirtualAdversarial(it, xi, eps));
        int aux = types.size();
        return new SegNetwork(name, block, rank, cfg.inChannels(), cfg.classNum(), false,
                training -> training ? HeadSpec.mainAnd(HeadKind.AUX, "aux", aux) : List.of(HeadSpec.MAIN));
    }

    private static void check(boolean ok, String net, String key, Object value, String expected) {
        if (!ok) {
            throw PymicException.config("network " + net + ": '" + key + "' = " + value + ": expected " + expected);
        }
    }

    private static void refuseMultiscale(Params p, String name, String why) {
        if (p.has("multiscale_pred") && p.getBool("multiscale_pred")) {
            throw new PymicException(ExitCode.NOT_IMPLEMENTED, "network " + name
                    + ": 'multiscale_pred' = True is not supported (" + why + "); set it to False");
        }
    }
}
