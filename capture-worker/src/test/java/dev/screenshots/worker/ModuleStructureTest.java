package dev.screenshots.worker;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import dev.screenshots.testsupport.ModuleRules;

/**
 * capture-worker's packages (consumer, pipeline, browser, storage, fleet) form no
 * dependency cycle, and {@code system} (configuration) knows none of them.
 */
class ModuleStructureTest {

	static final String ROOT = "dev.screenshots.worker";

	static final JavaClasses CLASSES = ModuleRules.mainClasses(ROOT);

	@Test
	void packagesFormNoCycle() {
		ModuleRules.featuresAreFreeOfCycles(ROOT).check(CLASSES);
	}

	@Test
	void systemKnowsNoFeature() {
		ModuleRules.baseKnowsNoFeature(ROOT, "system").check(CLASSES);
	}

	@Test
	void internalsStayInTheirPackage() {
		ModuleRules.internalsStayInTheirFeature(ROOT).check(CLASSES);
	}

}
