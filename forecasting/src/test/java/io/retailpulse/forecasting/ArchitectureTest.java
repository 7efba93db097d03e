package io.retailpulse.forecasting;

import static com.tngtech.archunit.base.DescribedPredicate.and;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layout of issue 16 as rules: one package per capability (aggregation, runs, adhoc) without cycles, and the
 * forecasting model a plain library. The rules go by package name, so they hold whether the model package is
 * compiled here or comes from its own module (forecasting-model) on the classpath.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // forecasting-model's test-jar (its benches and sweeps) is on the test classpath as a jar, which the
            // predefined option does not recognise as tests; the rules are about main code.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.retailpulse.forecasting");

    @Test
    void capabilitiesDependOnEachOtherWithoutCycles() {
        slices().matching("io.retailpulse.forecasting.(*)..")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }

    @Test
    void theModelIsAPlainLibraryWithoutQuarkusOrTheService() {
        noClasses()
                .that()
                .resideInAPackage("io.retailpulse.forecasting.model..")
                .should()
                .dependOnClassesThat(resideInAnyPackage(
                                "io.quarkus..",
                                "io.smallrye..",
                                "io.vertx..",
                                "jakarta.enterprise..",
                                "jakarta.inject..",
                                "jakarta.ws.rs..",
                                "org.eclipse.microprofile..",
                                "org.apache.kafka..",
                                "io.retailpulse.common..")
                        .or(and(
                                resideInAPackage("io.retailpulse.forecasting.."),
                                resideOutsideOfPackage("io.retailpulse.forecasting.model.."))))
                .because("forecasting/model is a framework-free engine (issue 16, 17)")
                .check(CLASSES);
    }

    @Test
    void theServiceImportsNoOtherService() {
        noClasses()
                .that()
                .resideInAPackage("io.retailpulse.forecasting..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.retailpulse.ingest..", "io.retailpulse.inference..", "io.retailpulse.analytics..")
                .check(CLASSES);
    }

    @Test
    void theAdHocEndpointAndTheRunsDoNotReachIntoEachOther() {
        noClasses()
                .that()
                .resideInAPackage("io.retailpulse.forecasting.adhoc..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.retailpulse.forecasting.runs..", "io.retailpulse.forecasting.aggregation..")
                .check(CLASSES);
        noClasses()
                .that()
                .resideInAPackage("io.retailpulse.forecasting.aggregation..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.retailpulse.forecasting.runs..", "io.retailpulse.forecasting.adhoc..")
                .check(CLASSES);
    }
}
