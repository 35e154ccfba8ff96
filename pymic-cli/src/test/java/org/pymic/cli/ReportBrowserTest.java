package org.pymic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.pymic.io.synth.SyntheticDataset;

/**
 * {@code pymic report} end to end: a tiny run trained, inferred and evaluated on synthetic data, its
 * report (the run twice, as a comparison) opened in headless Chromium. The segmentations are written
 * with {@code --set testing.output_dir=...}, which the config as run does not record, so the overlays
 * are drawn from the files the eval CSV recorded. In Chromium the page loads without a
 * console error, every image and chart decodes, and the tables sort on a header click. The page and
 * its screenshot are kept in {@code target/report-e2e/}. Needs Debian's {@code chromium} and
 * {@code chromium-driver} (system properties {@code pymic.chromium} and {@code pymic.chromedriver}
 * name other paths); skipped without them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportBrowserTest {
    private static final Path OUT = Path.of("target", "report-e2e");

    private Path work;
    private Path report;
    private Path evalCsv;
    private CliRun trainRun;
    private CliRun evalRun;

    @BeforeAll
    void trainInferEvaluateAndReport(@TempDir Path tmp) throws Exception {
        work = tmp;
        Path data = work.resolve("data");
        SyntheticDataset.write(data, SyntheticDataset.Options.defaults().cases(14).size(32).dim(2).seed(3));
        Path cfg = work.resolve("tiny.cfg");
        Path run = work.resolve("run");
        Files.writeString(cfg, """
                [dataset]
                train_dir = %1$s
                train_csv = %1$s/train.csv
                valid_csv = %1$s/valid.csv
                test_csv = %1$s/test.csv
                train_batch_size = 2
                num_worker = 1
                train_transform = [NormalizeWithMeanStd, LabelToProbability]
                valid_transform = [NormalizeWithMeanStd, LabelToProbability]
                test_transform = [NormalizeWithMeanStd]

                [network]
                net_type = UNet2D
                class_num = 4
                in_chns = 1
                feature_chns = [4, 8, 16, 32, 64]
                dropout = [0, 0, 0, 0, 0]

                [training]
                loss_type = [DiceLoss, CrossEntropyLoss]
                loss_weight = [0.5, 0.5]
                optimizer = Adam
                learning_rate = 0.003
                iter_max = 20
                iter_valid = 10
                iter_log = 5
                ckpt_dir = %2$s/model
                ckpt_prefix = tiny

                [testing]
                ckpt_mode = 1
                output_dir = %2$s/result
                sliding_window_enable = False

                [evaluation]
                metric_list = [dice, hd95]
                label_list = [1, 2, 3]
                ground_truth_folder = %1$s/labels
                segmentation_folder = %2$s/result
                """.formatted(data, run));
        trainRun = CliRun.of("train", cfg.toString());
        assertThat(trainRun.exitCode()).as(trainRun.err()).isZero();
        // written outside the config's output_dir, as a user does with --set on the command line
        Path segs = work.resolve("segs");
        CliRun infer = CliRun.of("infer", cfg.toString(), "--set", "testing.output_dir=" + segs);
        assertThat(infer.exitCode()).as(infer.err()).isZero();
        assertThat(run.resolve("result")).doesNotExist();
        evalCsv = work.resolve("eval.csv");
        evalRun = CliRun.of("eval", cfg.toString(), "--set", "evaluation.segmentation_folder=" + segs,
                "--out", evalCsv.toString());
        assertThat(evalRun.exitCode()).as(evalRun.err()).isZero();
        // a second run folder with the same content: the comparison part of the page
        Path copy = work.resolve("copy/model");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(run.resolve("model"))) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Files.createDirectories(OUT);
        report = OUT.resolve("report.html").toAbsolutePath();
        CliRun r = CliRun.of("report", run.resolve("model").toString(), copy.toString(), "--eval", evalCsv.toString(),
                "--eval", evalCsv.toString(), "--out", report.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 runs, 2 evaluation tables");
    }

    @Test
    void trainAndEvalEndWithTheReportCommand() {
        List<String> train = trainRun.out().strip().lines().toList();
        assertThat(train.get(train.size() - 1)).startsWith("report: pymic report ").contains("model");
        List<String> eval = evalRun.out().strip().lines().toList();
        assertThat(eval.get(eval.size() - 1)).startsWith("report: pymic report ").contains("--eval " + evalCsv);
    }

    @Test
    void thePageNeedsNoNetwork() throws Exception {
        String html = Files.readString(report);
        assertThat(html).doesNotContainPattern("(src|href)\\s*=\\s*\"(https?:)?//")
                .doesNotContainPattern("url\\(\\s*['\"]?(https?:)?//").doesNotContain("<link ");
        assertThat(html).contains("<svg").contains("data:image/png;base64,");
        // every overlay found its files through the eval CSV, though the config as run names another folder
        assertThat(html).doesNotContain("not found").doesNotContain("could not be drawn");
        // the sections a reader looks for
        assertThat(html).contains("Comparison").contains("Training curves").contains("Validation Dice")
                .contains("Step time by phase").contains("Worst, median and best case").contains("Config as run")
                .contains("SHA-256").contains("tiny_20.ckpt");
    }

    @Test
    void thePageLoadsDecodesAndSortsInChromium() throws Exception {
        Path chromium = Path.of(System.getProperty("pymic.chromium", "/usr/bin/chromium"));
        Path driverExe = Path.of(System.getProperty("pymic.chromedriver", "/usr/bin/chromedriver"));
        Assumptions.assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(driverExe),
                "headless Chromium test skipped: " + chromium + " or " + driverExe + " is missing"
                        + " (apt-get install chromium chromium-driver)");
        System.setProperty("webdriver.chrome.driver", driverExe.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--no-first-run", "--disable-extensions", "--disable-background-networking");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverExe.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            driver.get(report.toUri().toString());
            JavascriptExecutor js = driver;
            assertThat(js.executeScript("return document.readyState")).isEqualTo("complete");

            List<WebElement> imgs = driver.findElements(By.tagName("img"));
            assertThat(imgs).as("overlays").hasSizeGreaterThanOrEqualTo(3);
            for (WebElement img : imgs) {
                Object ok = js.executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", img);
                assertThat(ok).as("image %s decodes", img.getAttribute("alt")).isEqualTo(true);
            }
            List<WebElement> svgs = driver.findElements(By.tagName("svg"));
            assertThat(svgs).as("charts").hasSizeGreaterThanOrEqualTo(8);
            for (WebElement svg : svgs) {
                Object size = js.executeScript("var b = arguments[0].getBBox(); return b.width > 0 && b.height > 0"
                        + " && arguments[0].querySelectorAll('path, line, rect, text').length > 0", svg);
                assertThat(size).as("chart %s draws", svg.getAttribute("id")).isEqualTo(true);
            }

            WebElement table = driver.findElement(By.id("run1e1-table"));
            List<WebElement> heads = table.findElements(By.cssSelector("thead th"));
            heads.get(0).click();
            List<String> names = column(table, 0, false);
            assertThat(names).hasSizeGreaterThanOrEqualTo(3).isSortedAccordingTo(Comparator.naturalOrder());
            assertThat(heads.get(0).getAttribute("aria-sort")).isEqualTo("ascending");
            heads.get(0).click();
            assertThat(column(table, 0, false)).isSortedAccordingTo(Comparator.reverseOrder());
            assertThat(heads.get(0).getAttribute("aria-sort")).isEqualTo("descending");
            heads.get(1).click();
            List<Double> dice = column(table, 1, true).stream().map(Double::parseDouble).toList();
            assertThat(dice).isSortedAccordingTo(Comparator.naturalOrder());
            // the mean and std rows stay at the foot
            List<WebElement> foot = table.findElements(By.cssSelector("tfoot th"));
            assertThat(foot.stream().map(WebElement::getText).toList()).containsExactly("mean", "std");

            List<String> severe = new ArrayList<>();
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
                    severe.add(e.getLevel() + " " + e.getMessage());
                }
            }
            assertThat(severe).as("console errors and warnings").isEmpty();

            long height = (Long) js.executeScript("return document.documentElement.scrollHeight");
            driver.manage().window().setSize(new Dimension(1280, (int) Math.min(height + 40, 12000)));
            Files.write(OUT.resolve("report.png"), driver.getScreenshotAs(OutputType.BYTES));
            assertThat(OUT.resolve("report.png")).isNotEmptyFile();
        } finally {
            driver.quit();
        }
    }

    private static List<String> column(WebElement table, int col, boolean sortValue) {
        List<String> out = new ArrayList<>();
        for (WebElement row : table.findElements(By.cssSelector("tbody tr"))) {
            WebElement cell = row.findElements(By.tagName("td")).get(col);
            String v = sortValue ? cell.getAttribute("data-sort") : cell.getText();
            if (!sortValue || !v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }
}
