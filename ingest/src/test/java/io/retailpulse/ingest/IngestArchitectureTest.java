package io.retailpulse.ingest;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.retailpulse.ingest.platform.CapabilityApi;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layout of ingest (README "Layout"): one package per capability over three shared packages, without
 * cycles, each capability reaching into another only through the types it marks {@link CapabilityApi}.
 */
class IngestArchitectureTest {
    private static final List<String> CAPABILITIES = List.of("uploads", "feedback", "catalog", "demo");
    private static final String[] SHARED = {"io.retailpulse.ingest.platform..", "io.retailpulse.ingest.kafka..",
            "io.retailpulse.ingest.exactlyonce.."};

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.retailpulse.ingest");

    @Test
    void theMainCodeIsFoundAndEveryClassLivesInACapabilityOrASharedPackage() {
        List<String> packages = List.of("uploads", "feedback", "catalog", "demo", "platform", "kafka", "exactlyonce");
        List<String> stray = MAIN.stream().map(JavaClass::getPackageName)
                .filter(p -> packages.stream().noneMatch(k -> p.equals("io.retailpulse.ingest." + k)
                        || p.startsWith("io.retailpulse.ingest." + k + ".")))
                .distinct().toList();
        org.junit.jupiter.api.Assertions.assertTrue(MAIN.size() > 50, "imported " + MAIN.size() + " classes");
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), stray);
    }

    @Test
    void noCyclesBetweenTheTopLevelPackages() {
        slices().matching("io.retailpulse.ingest.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void noCyclesBetweenAnyTwoPackages() {
        slices().matching("io.retailpulse.ingest.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void sharedPackagesKnowNoCapability() {
        noClasses().that().resideInAnyPackage(SHARED).should().dependOnClassesThat(resideInAnyPackage(
                CAPABILITIES.stream().map(c -> "io.retailpulse.ingest." + c + "..").toArray(String[]::new)))
                .check(MAIN);
    }

    @Test
    void aCapabilityUsesAnotherOnlyThroughItsMarkedApi() {
        for (String capability : CAPABILITIES) {
            String inside = "io.retailpulse.ingest." + capability + "..";
            noClasses().that().resideOutsideOfPackage(inside)
                    .should().dependOnClassesThat(resideInAPackage(inside).and(notApi()))
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
