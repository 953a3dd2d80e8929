package dev.screenshots.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import dev.screenshots.testsupport.ModuleRules;

/**
 * api-service's feature packages (screenshots, jobs, events, limits, apikeys, webhooks,
 * admin, sources, monitoring, workers) form no dependency cycle, and {@code system} (web,
 * problem details, configuration) knows none of them.
 */
class ModuleStructureTest {

	static final String ROOT = "dev.screenshots.api";

	static final JavaClasses CLASSES = ModuleRules.mainClasses(ROOT);

	@Test
	void featurePackagesFormNoCycle() {
		ModuleRules.featuresAreFreeOfCycles(ROOT).check(CLASSES);
	}

	@Test
	void systemKnowsNoFeature() {
		ModuleRules.baseKnowsNoFeature(ROOT, "system").check(CLASSES);
	}

	@Test
	void internalsStayInTheirFeature() {
		ModuleRules.internalsStayInTheirFeature(ROOT).check(CLASSES);
	}

}
