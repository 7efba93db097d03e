package io.retailpulse.inference;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layout of issue 16, enforced: capabilities without package cycles, an engine without the framework. */
class InferenceArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.retailpulse.inference");

    @Test
    void packagesFormNoCycles() {
        slices().matching("io.retailpulse.inference.(**)")
                .should()
                .beFreeOfCycles()
                .check(MAIN);
    }

    @Test
    void topicEngineImportsNoQuarkusCdiVertxMutinyOrKafka() {
        noClasses()
                .that()
                .resideInAPackage("io.retailpulse.inference.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.quarkus..",
                        "jakarta..",
                        "io.vertx..",
                        "io.smallrye..",
                        "org.apache.kafka..",
                        "org.eclipse.microprofile..")
                .check(MAIN);
    }

    @Test
    void onlyTheEngineAndItsServiceAdaptersSeeEachOther() {
        noClasses()
                .that()
                .resideInAPackage("io.retailpulse.inference.engine..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("io.retailpulse.inference.engine..", "java..")
                .because("the engine is a plain library: the JDK only")
                .check(MAIN);
    }
}
