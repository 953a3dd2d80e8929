package dev.screenshots.model;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * common-model stays a model: its packages form no cycle, and its classes depend on
 * nothing but the JDK, the Bean Validation API and Jackson's annotations. Whatever runs
 * (the outbox relay, the egress proxy, S3 clients) belongs in common-runtime.
 */
class ModuleStructureTest {

	static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.screenshots.model");

	@Test
	void packagesFormNoCycle() {
		slices().matching("dev.screenshots.model.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void dependsOnlyOnTheJdkValidationAndJacksonAnnotations() {
		classes().should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("java..", "javax.annotation..", "jakarta.validation..",
					"com.fasterxml.jackson.annotation..", "dev.screenshots.model..")
			.check(CLASSES);
	}

}
