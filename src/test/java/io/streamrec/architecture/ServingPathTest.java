package io.streamrec.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The serving path (what `streamrec run` executes) stands apart from the tooling, its domain logic has no Kafka
 * imports, and its packages depend on each other in the direction the data flows:
 * events → session → scoring → catalog → ranking → explain → variants → topology.
 */
class ServingPathTest {
    private static final String[] SERVING = {"io.streamrec.app..", "io.streamrec.config..", "io.streamrec.events..",
        "io.streamrec.session..", "io.streamrec.scoring..", "io.streamrec.catalog..", "io.streamrec.ranking..",
        "io.streamrec.explain..", "io.streamrec.variants..", "io.streamrec.topology..", "io.streamrec.http..",
        "io.streamrec.metrics..", "io.streamrec.kafka.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importMain() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.streamrec");
    }

    @Test
    void servingPathShouldNotUseTheTooling() {
        noClasses().that().resideInAnyPackage(SERVING)
                .should().dependOnClassesThat().resideInAnyPackage("io.streamrec.tools..", "io.streamrec.cli..")
                .check(classes);
    }

    @Test
    void domainLogicShouldHaveNoKafkaImports() {
        noClasses().that().resideInAnyPackage("io.streamrec.events..", "io.streamrec.session..",
                        "io.streamrec.ranking..", "io.streamrec.scoring..", "io.streamrec.variants..",
                        "io.streamrec.catalog..", "io.streamrec.explain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..")
                .check(classes);
    }

    @Test
    void packagesShouldDependInTheDirectionOfTheDataFlow() {
        String[] downstream = {"io.streamrec.session..", "io.streamrec.scoring..", "io.streamrec.catalog..",
            "io.streamrec.ranking..", "io.streamrec.explain..", "io.streamrec.variants..", "io.streamrec.topology.."};
        for (int i = 0; i < downstream.length; i++) {
            String upstream = i == 0 ? "io.streamrec.events.." : downstream[i - 1];
            String[] later = java.util.Arrays.copyOfRange(downstream, i, downstream.length);
            noClasses().that().resideInAPackage(upstream)
                    .should().dependOnClassesThat().resideInAnyPackage(later)
                    .check(classes);
        }
    }
}
