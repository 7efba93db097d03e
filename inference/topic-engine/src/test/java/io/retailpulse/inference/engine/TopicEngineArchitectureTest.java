package io.retailpulse.inference.engine;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine is a plain library (issue 16): the service adapts it to Quarkus, never the other way round. */
class TopicEngineArchitectureTest {
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.retailpulse.inference.engine");

    @Test
    void engineImportsNoFrameworkMessagingOrServiceCode() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.quarkus..",
                        "jakarta..",
                        "javax.inject..",
                        "io.vertx..",
                        "io.smallrye..",
                        "org.apache.kafka..",
                        "org.eclipse.microprofile..",
                        "org.jboss..")
                .because("the topic engine runs anywhere: tests, benchmarks, notebooks, the service")
                .check(ENGINE);
    }

    @Test
    void engineDependsOnNoOtherRetailPulseCode() {
        noClasses()
                .should()
                .dependOnClassesThat(resideInAPackage("io.retailpulse..")
                        .and(resideOutsideOfPackage("io.retailpulse.inference.engine..")))
                .check(ENGINE);
    }
}
