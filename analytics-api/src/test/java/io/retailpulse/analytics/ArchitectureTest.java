package io.retailpulse.analytics;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout of issue 16 as rules: one package per capability (sales, forecasts, sentiment, reasons, alerts,
 * models, signals, insights, dashboard) over the shared list machinery (lists), without cycles; no other service's code; and SQL
 * that reads only the views the owners publish (api_*), never their tables.
 */
class ArchitectureTest {
    private static final String[] CAPABILITIES = {
        "sales", "forecasts", "sentiment", "reasons", "alerts", "models", "signals", "insights", "dashboard"
    };
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.retailpulse.analytics");

    @Test
    void packagesDependOnEachOtherWithoutCycles() {
        slices().matching("io.retailpulse.analytics.(*)..")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }

    @Test
    void capabilitiesShareOnlyTheListMachinery() {
        for (String capability : CAPABILITIES) {
            List<String> others = new ArrayList<>();
            for (String other : CAPABILITIES) {
                if (!other.equals(capability)) {
                    others.add("io.retailpulse.analytics." + other + "..");
                }
            }
            noClasses()
                    .that()
                    .resideInAPackage("io.retailpulse.analytics." + capability + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others.toArray(String[]::new))
                    .check(CLASSES);
        }
        noClasses()
                .that()
                .resideInAPackage("io.retailpulse.analytics.lists..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(List.of(CAPABILITIES).stream()
                        .map(c -> "io.retailpulse.analytics." + c + "..")
                        .toArray(String[]::new))
                .check(CLASSES);
    }

    @Test
    void noOtherServiceIsImported() {
        noClasses()
                .that()
                .resideInAPackage("io.retailpulse.analytics..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.retailpulse.ingest..", "io.retailpulse.inference..", "io.retailpulse.forecasting..")
                .check(CLASSES);
    }

    /** Every FROM / JOIN in the main code names an api_* view (or a derived table), never an owner's table. */
    @Test
    void sqlReadsOnlyThePublishedViews() throws IOException {
        Pattern source = Pattern.compile("\\b(?:FROM|JOIN)\\s+([A-Za-z_][A-Za-z0-9_]*)");
        List<String> reachIns = new ArrayList<>();
        int reads = 0;
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String literal : literals(Files.readString(file))) {
                    Matcher m = source.matcher(literal);
                    while (m.find()) {
                        reads++;
                        if (!m.group(1).startsWith("api_")) {
                            reachIns.add(file.getFileName() + ": " + m.group(1));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), reachIns);
        assertEquals(true, reads >= 11, "found only " + reads + " reads: is the scan still looking at the SQL?");
    }

    /** The string literals of a Java file, each concatenation of literals joined (SQL is split over lines). */
    private static List<String> literals(String java) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:\\\\.|[^\"\\\\])*)\"").matcher(java.replaceAll("\"\\s*\\+\\s*\"", ""));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
