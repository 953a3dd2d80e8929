package dev.screenshots.api.system;

import org.junit.jupiter.api.Test;

import dev.screenshots.testsupport.ConfigurationDocs;

class ConfigurationDocumentationTest {

	@Test
	void readmeDocumentsEveryApiPropertyWithItsEffectiveDefault() {
		ConfigurationDocs.assertReadmeDocuments("api.", "storage.", "outbox.", "security.");
	}

}
