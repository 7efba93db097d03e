package io.retailpulse.ingest;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.retailpulse.ingest.platform.CapabilityApi;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layout of ingest (README "Layout"): one package per capability over three shared packages, without
 * cycles, each capability reaching into another only through the types it marks {@link CapabilityApi}. Every
 * top-level package that is not shared is a capability, so a new one (connectors, signals) gets the same rules.
 */
class IngestArchitectureTest {
    private static final String ROOT = "io.retailpulse.ingest";
    private static final String[] SHARED = {ROOT + ".platform..", ROOT + ".kafka..", ROOT + ".exactlyonce.."};

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** The top-level packages under ingest other than the shared ones. */
    private static List<String> capabilities() {
        return MAIN.stream()
                .map(JavaClass::getPackageName)
                .filter(p -> p.startsWith(ROOT + "."))
                .map(p -> p.substring(ROOT.length() + 1).split("\\.")[0])
                .distinct()
                .filter(top -> !List.of("platform", "kafka", "exactlyonce").contains(top))
                .sorted()
                .toList();
    }

    @Test
    void theRulesSeeTheCapabilitiesAndNoClassOutsideThem() {
        assertTrue(MAIN.size() > 50, "imported " + MAIN.size() + " classes");
        assertTrue(
                capabilities().containsAll(List.of("catalog", "demo", "feedback", "uploads")),
                capabilities().toString());
        assertEquals(
                List.of(),
                MAIN.stream()
                        .filter(c -> c.getPackageName().equals(ROOT))
                        .map(JavaClass::getName)
                        .toList(),
                "every class belongs to a capability or a shared package");
    }

    @Test
    void noCyclesBetweenTheTopLevelPackages() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void noCyclesBetweenAnyTwoPackages() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void sharedPackagesDependOnNoCapability() {
        noClasses()
                .that()
                .resideInAnyPackage(SHARED)
                .should()
                .dependOnClassesThat(
                        resideInAPackage(ROOT + "..").and(DescribedPredicate.not(resideInAnyPackage(SHARED))))
                .check(MAIN);
    }

    @Test
    void aCapabilityUsesAnotherOnlyThroughItsMarkedApi() {
        for (String capability : capabilities()) {
            String inside = ROOT + "." + capability + "..";
            noClasses()
                    .that()
                    .resideOutsideOfPackage(inside)
                    .should()
                    .dependOnClassesThat(resideInAPackage(inside).and(notApi()))
                    .because(capability + " offers the others only its @CapabilityApi types")
                    .check(MAIN);
        }
    }

    /** Neither a marked type nor nested in one (records and exceptions of a marked service belong to it). */
    private static DescribedPredicate<JavaClass> notApi() {
        return DescribedPredicate.describe("are not @CapabilityApi", c -> !isApi(c));
    }

    private static boolean isApi(JavaClass type) {
        for (JavaClass c = type; c != null; c = c.getEnclosingClass().orElse(null)) {
            if (c.isAnnotatedWith(CapabilityApi.class)) {
                return true;
            }
        }
        return false;
    }
}
